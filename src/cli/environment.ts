// What every database command needs: the configuration, a quiet logger on stderr, and the database.
import path from "node:path";
import { sql } from "drizzle-orm";
import type { pino } from "pino";
import { ConfigError, loadConfig, type Config, type ProductionNeeds } from "../config.js";
import { openDatabase, type DatabaseHandle } from "../db/client.js";
import { EmbeddedDatabaseInUseError } from "../db/embedded-lock.js";
import { selectRows } from "../db/rows.js";
import { createLogger, type Logger } from "../logger.js";
import { CliError, ExitCode } from "./exit-codes.js";
import type { Terminal } from "./terminal.js";

/** What production must give a command that uses no secret (migrate, integrations, test-connection). */
export const NO_SECRETS: ProductionNeeds = { secretsKey: false, tokenVerification: false };
/** What production must give a command that opens or seals credentials (sync, reseal). */
export const CREDENTIALS: ProductionNeeds = { secretsKey: true, tokenVerification: false };
/** What production must give a command that signs tokens (token). */
export const TOKEN_SIGNING: ProductionNeeds = { secretsKey: false, tokenVerification: true };

/** The configuration, with what production must give for the command (`needs`). */
export function cliConfig(terminal: Terminal, needs: ProductionNeeds): Config {
  try {
    return loadConfig(terminal.env, needs);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(ExitCode.USAGE, error.message);
    throw error;
  }
}

/** Logs go to stderr as JSON, warnings and worse unless LOG_LEVEL says otherwise: stdout is the result. */
export function cliLogger(terminal: Terminal, config: Config): Logger {
  return createLogger({ level: config.logLevel ?? "warn", destination: terminal.err as pino.DestinationStream });
}

/** The database the server uses; the embedded one admits one process at a time (stop the server first: exit 2 while it runs). */
export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  try {
    return await openDatabase({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, "pglite"), maxConnections: 2 });
  } catch (error) {
    if (error instanceof EmbeddedDatabaseInUseError) throw new CliError(ExitCode.USAGE, error.message);
    throw error;
  }
}

/** Where the configuration puts the database, in words: what a message about it names. */
export function databaseLocation(config: Config, database: DatabaseHandle): string {
  return database.kind === "pglite" ? `embedded database in ${config.dataDir}` : "PostgreSQL (DATABASE_URL)";
}

/**
 * The configured database, for a command that reads or writes integrations: refused (exit 2,
 * nothing done) when it has never been migrated, rather than failing on the first query.
 */
export async function openMigratedDatabase(config: Config): Promise<DatabaseHandle> {
  const database = await openConfiguredDatabase(config);
  const [tables] = await selectRows<{ integrations: string | null }>(
    database.db,
    sql`select to_regclass('integrations')::text as integrations`,
  );
  if (tables?.integrations) return database;
  await database.close();
  throw new CliError(
    ExitCode.USAGE,
    `The ${databaseLocation(config, database)} has no tables yet: run "identity-subgraph migrate" first (the server also migrates it when it starts)`,
  );
}
