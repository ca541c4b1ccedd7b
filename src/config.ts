// The process configuration: read from the environment once, validated, and frozen.
//
// Development needs no setup at all (embedded database, generated keys); production refuses to
// start without the secrets that protect tenants' credentials and callers' identities.
import { z } from "zod";

const optionalUrl = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .pipe(z.url().optional())
  .optional();

const environment = z.object({
  NODE_ENV: z.string().default("development"),
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
  DATA_DIR: z.string().default(".data"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  HOST: z.string().default("127.0.0.1"),
  SECRETS_KEY: z.string().optional(),
  AUTH_JWT_SECRET: z.string().optional(),
  AUTH_JWKS_URL: optionalUrl,
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  ENTRA_AUTHORITY_HOST: optionalUrl,
  GRAPH_BASE_URL: optionalUrl,
  SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(15),
  LOG_LEVEL: z.string().default("info"),
});

export interface Config {
  readonly production: boolean;
  /** postgres.js URL; undefined selects the embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  /** base64 of 32 bytes; undefined in development means "generate into dataDir". */
  readonly secretsKey: string | undefined;
  readonly auth: {
    readonly jwtSecret: string | undefined;
    readonly jwksUrl: string | undefined;
    readonly issuer: string | undefined;
    readonly audience: string | undefined;
  };
  /** Overrides of the per-cloud hosts, for private clouds and emulators. */
  readonly entraAuthorityHost: string | undefined;
  readonly graphBaseUrl: string | undefined;
  readonly syncIntervalMinutes: number;
  readonly logLevel: string;
}

/** A configuration problem, named by its variable so an operator can fix it. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  if (production && !e.SECRETS_KEY) {
    throw new ConfigError("SECRETS_KEY is required when NODE_ENV=production (32 bytes, base64)");
  }
  if (production && !e.AUTH_JWT_SECRET && !e.AUTH_JWKS_URL) {
    throw new ConfigError("AUTH_JWT_SECRET or AUTH_JWKS_URL is required when NODE_ENV=production");
  }
  if (e.SECRETS_KEY && Buffer.from(e.SECRETS_KEY, "base64").length !== 32) {
    throw new ConfigError("SECRETS_KEY must be 32 bytes, base64-encoded");
  }
  return Object.freeze({
    production,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    port: e.PORT,
    host: e.HOST,
    secretsKey: e.SECRETS_KEY,
    auth: Object.freeze({
      jwtSecret: e.AUTH_JWT_SECRET,
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
    }),
    entraAuthorityHost: e.ENTRA_AUTHORITY_HOST?.replace(/\/+$/, ""),
    graphBaseUrl: e.GRAPH_BASE_URL?.replace(/\/+$/, ""),
    syncIntervalMinutes: e.SYNC_INTERVAL_MINUTES,
    logLevel: e.LOG_LEVEL,
  });
}
