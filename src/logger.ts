// Structured logs. Secrets are redacted by path, so a careless `log.info({ input })` cannot leak one.
import { pino, type Logger } from "pino";

export type { Logger };

export const REDACTED_PATHS = [
  "clientSecret",
  "*.clientSecret",
  "*.*.clientSecret",
  "secret",
  "*.secret",
  "sealedSecret",
  "*.sealedSecret",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  "accessToken",
  "*.accessToken",
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    { level: options.level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" }, base: { service: "identity-subgraph" } },
    options.destination,
  );
}
