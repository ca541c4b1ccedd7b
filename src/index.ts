// Entry point: config -> database -> server -> (scheduler). `npm start` runs this.
import "reflect-metadata";
import path from "node:path";
import { loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { createTokenVerifier, loadJwtSecret, mintToken } from "./graphql/auth.js";
import { createLogger } from "./logger.js";
import { createServer } from "./server.js";

const config = loadConfig();
const log = createLogger({ level: config.logLevel });

const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: path.join(config.dataDir, "pglite"),
});
let migrated = false;
await database.migrate();
migrated = true;
log.info({ database: database.kind }, "database ready");

const server = await createServer({
  database,
  verifyToken: await createTokenVerifier(config),
  log,
  isMigrated: () => migrated,
});
const url = await server.listen(config.port, config.host);
log.info({ url: `${url}/graphql` }, "identity subgraph listening");

if (!config.production && !config.auth.jwtSecret && !config.auth.jwksUrl) {
  const token = await mintToken(await loadJwtSecret(config), { sub: "dev-admin", roles: ["admin"] });
  // Printed, not logged: a development convenience that must never reach a log pipeline.
  process.stdout.write(`\nDevelopment admin token (org "default"):\n  Authorization: Bearer ${token}\n\n`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    log.info({ signal }, "shutting down");
    await server.close();
    await database.close();
    process.exit(0);
  });
}
