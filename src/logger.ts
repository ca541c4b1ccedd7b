// Structured logs. Secrets are redacted by path, so a careless `log.info({ input })` cannot leak one.
//
// Production writes one JSON object per line (for a log pipeline); development pretty-prints
// through pino-pretty when it is installed (a dev dependency), and falls back to JSON when not.
import { createRequire } from "node:module";
import { pino, type Logger } from "pino";

export type { Logger };

export const REDACTED_PATHS = [
  "clientSecret",
  "*.clientSecret",
  "*.*.clientSecret",
  "secret",
  "*.secret",
  "privateKeyPem",
  "*.privateKeyPem",
  "*.*.privateKeyPem",
  "sealedCredential",
  "*.sealedCredential",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  "accessToken",
  "*.accessToken",
  // A failed statement's error carries its bound values (drizzle's `params`, postgres.js's
  // `parameters`): a page of people, or an integration's sealed credential. drizzle writes them
  // into its message too, which `withoutBoundValues` cuts. (pino writes an error's cause into its
  // message and stack, not its properties.)
  "err.params",
  "err.parameters",
];

// drizzle's "Failed query: <sql>\nparams: <values>", in a message or a stack, and again in a
// GraphQL error that copied the message. The values are cut as the failed statement's error holds
// them; should one's line be left (an error not in reach), everything after it goes.
const UNCUT_BOUND_VALUES = /\nparams: (?!\[redacted\])[\s\S]*$/;

/** pino's error serializer, without the values bound to a failed statement. */
function withoutBoundValues(error: Error): pino.SerializedError {
  const serialized = pino.stdSerializers.err(error);
  const lines = boundValueLines(error);
  for (const key of ["message", "stack"] as const) {
    let text = serialized[key];
    if (typeof text !== "string") continue;
    for (const line of lines) text = text.replaceAll(line, "\nparams: [redacted]");
    serialized[key] = text.replace(UNCUT_BOUND_VALUES, "\nparams: [redacted]");
  }
  return serialized;
}

/** The "params:" lines drizzle wrote for the errors of `error`'s chain (its causes, a GraphQL error's original). */
function boundValueLines(error: unknown, seen = new Set<unknown>()): string[] {
  if (typeof error !== "object" || error === null || seen.has(error)) return [];
  seen.add(error);
  const { params, cause, originalError } = error as { params?: unknown; cause?: unknown; originalError?: unknown };
  return [
    ...(Array.isArray(params) ? [`\nparams: ${String(params)}`] : []),
    ...boundValueLines(cause, seen),
    ...boundValueLines(originalError, seen),
  ];
}

export interface LoggerOptions {
  level: string;
  /** Where JSON lines go (tests); when given, `format` is ignored. */
  destination?: pino.DestinationStream;
  format?: "json" | "pretty";
}

export function createLogger(options: LoggerOptions): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    serializers: { err: withoutBoundValues },
    base: { service: "identity-subgraph" },
  };
  if (options.destination) return pino(settings, options.destination);
  if (options.format === "pretty" && prettyPrinterInstalled()) {
    return pino({ ...settings, transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss" } } });
  }
  return pino(settings);
}

function prettyPrinterInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve("pino-pretty");
    return true;
  } catch {
    return false;
  }
}
