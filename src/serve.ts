// The service as `npm start` runs it (through src/index.ts): configuration from the environment,
// the whole service, and a clean shutdown on SIGINT or SIGTERM.
import "reflect-metadata";
import { startApp } from "./app.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { EmbeddedDatabaseInUseError } from "./db/embedded-lock.js";
import { LOCK_WAIT_STATES, sqlStateOf } from "./db/sql-state.js";
import { DEFAULT_ORG } from "./directory/default-org.js";
import { ADMIN } from "./graphql/auth-checker.js";
import { loadJwtSecret, mintToken } from "./graphql/auth.js";
import { createLogger } from "./logger.js";
import { packageVersion } from "./package-version.js";

// The database's refusals an operator fixes: not reached (a wrong host or port, a firewall, a
// server down), or the credentials or the database name wrong (28P01, 28000, 3D000). Migrations
// that waited in vain for locks (client.ts) end with sql-state.ts's LOCK_WAIT_STATES.
const DATABASE_UNUSABLE = new Set([
  ...["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET", "CONNECT_TIMEOUT"],
  ...["28P01", "28000", "3D000"],
]);

const config = loadedConfig();
const log = createLogger({ level: config.logLevel ?? "info", format: config.logFormat });
const app = await startApp({ config, log }).catch((error: unknown) => cannotStart(error, config));
log.info(
  { url: `${app.url}/graphql`, version: packageVersion(), database: app.database.kind, node: process.version },
  "identity subgraph listening",
);

if (!config.production && !config.auth.jwtSecret && !config.auth.jwksUrl) {
  const token = await mintToken(await loadJwtSecret(config), { sub: "dev-admin", roles: [ADMIN] });
  // Printed, not logged: a development convenience that must never reach a log pipeline.
  process.stdout.write(`\nDevelopment admin token (org "${DEFAULT_ORG}"):\n  Authorization: Bearer ${token}\n\n`);
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  // `on`, not `once`: a library's signal-exit hook re-raises a signal it finds no other listener
  // for, which would kill the process mid-shutdown; a repeated signal is ignored instead.
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "unclean shutdown");
        process.exit(1);
      },
    );
  });
}

function loadedConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    return cannotStart(error);
  }
}

/**
 * Ends the process with one line saying why the service cannot start, for the causes an operator
 * fixes (exit 2): the configuration, the database not reached or refusing us, the embedded
 * database held by another process, the port taken. Anything else is thrown as it is.
 */
function cannotStart(error: unknown, config?: Config): never {
  const refuse = (why: string): never => {
    process.stderr.write(`identity-subgraph did not start: ${why}\n`);
    process.exit(2);
  };
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseInUseError) refuse(error.message);
  if ((error as NodeJS.ErrnoException).code === "EADDRINUSE" && config) {
    refuse(`port ${config.port} is in use by another process: stop it, or set PORT to a free port`);
  }
  const state = sqlStateOf(error) ?? "";
  const message = error instanceof Error ? error.message : String(error);
  if (DATABASE_UNUSABLE.has(state)) {
    refuse(`the database cannot be used (${message}): check DATABASE_URL, that the database accepts connections from this host, and its credentials`);
  }
  if (LOCK_WAIT_STATES.has(state)) {
    refuse(`the migrations waited in vain for tables other sessions hold (${message}): an older replica's sync? Run \`identity-subgraph migrate\` while syncs are paused`);
  }
  throw error;
}
