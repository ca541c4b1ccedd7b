// What every database command needs: the configuration, a quiet logger on stderr, and the database.
import path from "node:path";
import type { pino } from "pino";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { openDatabase, type DatabaseHandle } from "../db/client.js";
import { createLogger, type Logger } from "../logger.js";
import { CliError, ExitCode } from "./exit-codes.js";
import type { Terminal } from "./terminal.js";

export function cliConfig(terminal: Terminal): Config {
  try {
    return loadConfig(terminal.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(ExitCode.USAGE, error.message);
    throw error;
  }
}

/** Logs go to stderr as JSON, warnings and worse unless LOG_LEVEL says otherwise: stdout is the result. */
export function cliLogger(terminal: Terminal): Logger {
  return createLogger({ level: terminal.env.LOG_LEVEL ?? "warn", destination: terminal.err as pino.DestinationStream });
}

/** The database the server uses; the embedded one admits one process at a time (stop the server first). */
export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, "pglite"), maxConnections: 2 });
}
