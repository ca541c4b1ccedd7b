// The process configuration: read from the environment once, validated, and frozen.
//
// Development needs no setup at all (embedded database, generated keys); production refuses to
// start without the secrets that protect tenants' credentials and callers' identities.
import { z } from "zod";
import { DEFAULT_ORG } from "./directory/default-org.js";
import { GRAPH_DEADLINES, TOKEN_DEADLINE_MS, type Deadlines } from "./entra/deadline-fetch.js";

const optionalUrl = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .pipe(z.url().optional())
  .optional();

/**
 * msal-node sends credentials only to an https authority: a plain http one would fail every
 * connection test and sync with an internal error, so it is refused at start.
 */
const optionalHttpsUrl = optionalUrl.refine((url) => url === undefined || new URL(url).protocol === "https:", "must be an https URL");

/** Seconds (fractions allowed, for tests) up to an hour, with the default given in milliseconds. */
const timeoutSeconds = (defaultMs: number) => z.coerce.number().positive().max(3600).default(defaultMs / 1000);

const environment = z.object({
  NODE_ENV: z.string().default("development"),
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
  DATABASE_READ_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  DATA_DIR: z.string().default(".data"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  HOST: z.string().default("127.0.0.1"),
  SECRETS_KEY: z.string().optional(),
  // Keys that open sealed credentials but never seal: the one being rotated out. Comma-separated.
  SECRETS_KEY_PREVIOUS: z
    .string()
    .optional()
    .transform((value) => (value ?? "").split(",").map((key) => key.trim()).filter(Boolean)),
  // A blank secret is no secret: unset, so that production refuses to start without one (a
  // template that rendered "" or " " would otherwise let anyone sign admin tokens with it).
  AUTH_JWT_SECRET: z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value : undefined)),
  AUTH_JWKS_URL: optionalUrl,
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  ENTRA_AUTHORITY_HOST: optionalHttpsUrl,
  GRAPH_BASE_URL: optionalUrl,
  GRAPH_HEADERS_TIMEOUT_SECONDS: timeoutSeconds(GRAPH_DEADLINES.headersMs),
  GRAPH_BODY_TIMEOUT_SECONDS: timeoutSeconds(GRAPH_DEADLINES.bodyMs),
  ENTRA_TOKEN_TIMEOUT_SECONDS: timeoutSeconds(TOKEN_DEADLINE_MS),
  AZURE_FEDERATED_TOKEN_FILE: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
  PLATFORM_IDENTITY_ORGS: z.string().default(DEFAULT_ORG),
  SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(15),
  // Fractions allowed (tests give a ceiling of seconds).
  SYNC_RUN_TIMEOUT_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).default(120),
  STALE_AFTER_INTERVALS: z.coerce.number().positive().max(1000).default(3),
  SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  SYNC_REST_RATIO: z.coerce.number().min(0).max(100).default(3),
  CREDENTIAL_EXPIRY_WARNING_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  // Blank (a template rendering it empty) is unset, as for other variables.
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .transform((value) => value || undefined)
    .pipe(z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).optional())
    .optional(),
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  MAX_REPRESENTATIONS: z.coerce.number().int().min(1).default(10_000),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(15),
  MAX_ALIASES: z.coerce.number().int().min(0).default(30),
  // Values an answer may hold (src/limits/answer-size.ts): the enrichment of the largest page
  // (MAX_REPRESENTATIONS traces) with a person's fields, groups and roles fits, with room.
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(2_000_000),
  MAX_REQUEST_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  ENABLE_INTROSPECTION: z.enum(["true", "false"]).optional(),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).default(25),
});

/** An AES-256 key: 32 bytes, base64. */
const isSecretsKey = (base64: string) => Buffer.from(base64, "base64").length === 32;

/** HS256's key should be as long as its hash (RFC 7518, 3.2): a shorter one can be guessed offline from any token. */
const HS256_KEY_BYTES = 32;

/** What a replica starts with but an operator should fix: logged as warnings at start. */
export function configWarnings(config: Config): string[] {
  if (!config.production) return [];
  const warnings: string[] = [];
  const secret = config.auth.jwtSecret;
  const bytes = secret === undefined ? 0 : Buffer.byteLength(secret);
  if (secret !== undefined && bytes < HS256_KEY_BYTES) {
    warnings.push(
      `AUTH_JWT_SECRET is ${bytes} bytes; HS256 wants at least ${HS256_KEY_BYTES} (openssl rand -base64 32), or a shorter one can be guessed from any token and admin tokens forged with it`,
    );
  }
  if (!config.databaseUrl) {
    warnings.push(
      `NODE_ENV=production without DATABASE_URL: the mirror is the embedded database in ${config.dataDir}, which one process alone may open; set DATABASE_URL to a PostgreSQL database for replicas`,
    );
  }
  return warnings;
}

export interface Config {
  readonly production: boolean;
  /** postgres.js URL; undefined selects the embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** A PostgreSQL read replica for GraphQL queries; undefined: they read `databaseUrl`. */
  readonly databaseReadUrl: string | undefined;
  /** Connections serving GraphQL requests, on the primary (and as many on the read replica). */
  readonly databasePoolSize: number;
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  /** base64 of 32 bytes; undefined in development means "generate into dataDir". */
  readonly secretsKey: string | undefined;
  /** SECRETS_KEY_PREVIOUS: base64 keys that open credentials sealed before a rotation, never seal. */
  readonly secretsKeysPrevious: readonly string[];
  readonly auth: {
    readonly jwtSecret: string | undefined;
    readonly jwksUrl: string | undefined;
    readonly issuer: string | undefined;
    readonly audience: string | undefined;
  };
  /** Overrides of the per-cloud hosts, for private clouds and emulators. */
  readonly entraAuthorityHost: string | undefined;
  readonly graphBaseUrl: string | undefined;
  /** No request waits forever: a connection accepted and never answered fails its attempt. */
  readonly deadlines: {
    /** Graph: most time to a response's headers, then to the end of its body (GraphClientOptions.deadlines). */
    readonly graph: Deadlines;
    /** A token request: most time to its headers, and again to its body (TokenSourceOptions.tokenTimeoutMs). */
    readonly tokenMs: number;
  };
  /** The platform's workload identity token file (AZURE_FEDERATED_TOKEN_FILE), the default for a workload identity. */
  readonly federatedTokenFile: string | undefined;
  /**
   * The organisations whose admins may connect tenants through this server's own identity (a
   * workload identity's token file, a managed identity), or "*" for every one (PLATFORM_IDENTITY_ORGS):
   * that identity is the operator's, and any other organisation could read its tenant with it.
   */
  readonly platformIdentityOrgs: ReadonlySet<string> | "*";
  readonly syncIntervalMinutes: number;
  /**
   * The most a run may take: past it, it is abandoned (rolled back, FAILED with SYNC_TIMEOUT).
   * Two hours covers a first full sync of a 100,000-user tenant with room to spare, and frees a
   * run stuck on something no per-request deadline sees well before a day of syncs is lost.
   */
  readonly syncRunTimeoutMinutes: number;
  /**
   * An integration without a successful run for this many of its sync intervals (since its last
   * success, or its creation) is stale: WARNING with SYNC_STALE. Three rides out a failed run or
   * two (throttling, a short outage) without crying wolf.
   */
  readonly staleAfterIntervals: number;
  /**
   * Most syncs this replica runs at once; it claims no more due integrations than it has room
   * for, and leaves the rest to other replicas or its next tick. One: a sync's pages take CPU, its
   * own and the database's, that the replica's GraphQL requests need too. With two a replica,
   * trace enrichment's p99 while thirty tenants synced on two replicas sharing two cores was 2.7
   * to 3 times its idle value; with one, 1.6 to 2.4 times, the storm lasting a quarter longer
   * (BENCHMARKS.md). More syncs at once come from more replicas, or from more on a replica that
   * serves no reads.
   */
  readonly syncConcurrency: number;
  /**
   * After each page, a sync rests this many times as long as reads were in flight on this
   * replica while the page was applied (src/integrations/sync-pace.ts); 0: never. With three,
   * trace enrichment's p99 while thirty tenants synced on the same two cores, two syncs a
   * replica, went from 4.5 to 3.3 times its idle value, and six did no better (BENCHMARKS.md, the
   * storm); a sync's writing beside continuous reads takes up to four times as long, beside none
   * it is not slowed at all.
   */
  readonly syncRestRatio: number;
  /**
   * An integration whose credential (a certificate, or a secret given an expiry) expires within
   * this many days turns WARNING with CREDENTIAL_EXPIRING: a month leaves time to make, upload and
   * switch to a new one through a change process. 0: only once it has expired.
   */
  readonly credentialExpiryWarningDays: number;
  /** Unset: the server logs `info` and worse, the CLI `warn` and worse. */
  readonly logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent" | undefined;
  /** json in production; pretty (pino-pretty, when installed) in development. */
  readonly logFormat: "json" | "pretty";
  readonly limits: {
    /** Most `_entities` representations per request. */
    readonly maxRepresentations: number;
    readonly maxQueryDepth: number;
    readonly maxAliases: number;
    /** Most values an answer may hold, as answer-size.ts estimates it before the query runs. */
    readonly maxQueryCost: number;
    /** Largest request body; a gateway's page of representations must fit. */
    readonly maxRequestBytes: number;
  };
  /** Introspection, field suggestions and the landing page: on in development, off in production. */
  readonly introspection: boolean;
  /** How long shutdown waits for running syncs before abandoning them (they roll back). */
  readonly shutdownGraceSeconds: number;
}

/** A configuration problem, named by its variable so an operator can fix it. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * What production must be given for a use of the configuration. The server needs both; a command
 * of the CLI only what it uses: `migrate` neither, so that it runs where only DATABASE_URL is set.
 */
export interface ProductionNeeds {
  /** SECRETS_KEY: to seal or open tenants' credentials. */
  readonly secretsKey: boolean;
  /** AUTH_JWT_SECRET or AUTH_JWKS_URL: to verify callers' tokens, or to sign them. */
  readonly tokenVerification: boolean;
}

const SERVER_NEEDS: ProductionNeeds = { secretsKey: true, tokenVerification: true };

export function loadConfig(env: NodeJS.ProcessEnv = process.env, needs: ProductionNeeds = SERVER_NEEDS): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  if (production && needs.secretsKey && !e.SECRETS_KEY) {
    throw new ConfigError("SECRETS_KEY is required when NODE_ENV=production (32 bytes, base64)");
  }
  if (production && needs.tokenVerification && !e.AUTH_JWT_SECRET && !e.AUTH_JWKS_URL) {
    throw new ConfigError("AUTH_JWT_SECRET or AUTH_JWKS_URL is required when NODE_ENV=production");
  }
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) {
    throw new ConfigError("DATABASE_READ_URL needs DATABASE_URL: a read replica is a PostgreSQL replica of the primary");
  }
  if (e.SECRETS_KEY && !isSecretsKey(e.SECRETS_KEY)) {
    throw new ConfigError("SECRETS_KEY must be 32 bytes, base64-encoded");
  }
  if (!e.SECRETS_KEY_PREVIOUS.every(isSecretsKey)) {
    throw new ConfigError("SECRETS_KEY_PREVIOUS must be keys of 32 bytes, base64-encoded, separated by commas");
  }
  return Object.freeze({
    production,
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: e.DATA_DIR,
    port: e.PORT,
    host: e.HOST,
    secretsKey: e.SECRETS_KEY,
    secretsKeysPrevious: Object.freeze(e.SECRETS_KEY_PREVIOUS),
    auth: Object.freeze({
      jwtSecret: e.AUTH_JWT_SECRET,
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
    }),
    entraAuthorityHost: e.ENTRA_AUTHORITY_HOST?.replace(/\/+$/, ""),
    graphBaseUrl: e.GRAPH_BASE_URL?.replace(/\/+$/, ""),
    deadlines: Object.freeze({
      graph: Object.freeze({ headersMs: e.GRAPH_HEADERS_TIMEOUT_SECONDS * 1000, bodyMs: e.GRAPH_BODY_TIMEOUT_SECONDS * 1000 }),
      tokenMs: e.ENTRA_TOKEN_TIMEOUT_SECONDS * 1000,
    }),
    federatedTokenFile: e.AZURE_FEDERATED_TOKEN_FILE,
    platformIdentityOrgs: organisations(e.PLATFORM_IDENTITY_ORGS),
    syncIntervalMinutes: e.SYNC_INTERVAL_MINUTES,
    syncRunTimeoutMinutes: e.SYNC_RUN_TIMEOUT_MINUTES,
    staleAfterIntervals: e.STALE_AFTER_INTERVALS,
    syncConcurrency: e.SYNC_CONCURRENCY,
    syncRestRatio: e.SYNC_REST_RATIO,
    credentialExpiryWarningDays: e.CREDENTIAL_EXPIRY_WARNING_DAYS,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (production ? "json" : "pretty"),
    limits: Object.freeze({
      maxRepresentations: e.MAX_REPRESENTATIONS,
      maxQueryDepth: e.MAX_QUERY_DEPTH,
      maxAliases: e.MAX_ALIASES,
      maxQueryCost: e.MAX_QUERY_COST,
      maxRequestBytes: e.MAX_REQUEST_BYTES,
    }),
    introspection: e.ENABLE_INTROSPECTION ? e.ENABLE_INTROSPECTION === "true" : !production,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
  });
}

/** PLATFORM_IDENTITY_ORGS: organisations separated by commas, or "*" for every one. */
function organisations(value: string): ReadonlySet<string> | "*" {
  const names = value.split(",").map((name) => name.trim()).filter(Boolean);
  return names.includes("*") ? "*" : new Set(names);
}
