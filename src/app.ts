// The whole service wired together: database, sync runner, integrations, HTTP server, scheduler.
// `src/index.ts` starts it from the environment; tests start it with their own database.
import path from "node:path";
import type { Config } from "./config.js";
import { openDatabase, type DatabaseHandle } from "./db/client.js";
import { createTokenVerifier } from "./graphql/auth.js";
import { IntegrationService } from "./integrations/manage.js";
import { startScheduler, type Scheduler } from "./integrations/scheduler.js";
import { loadSecretsKey } from "./integrations/secrets.js";
import { SyncRunner } from "./integrations/sync-runner.js";
import type { Logger } from "./logger.js";
import { createServer } from "./server.js";

export interface AppOptions {
  config: Config;
  log: Logger;
  /** An open, migrated database (tests); by default one is opened from the configuration. */
  database?: DatabaseHandle;
  /** How often the scheduler looks for due syncs; 0: only when its tick() is called. Default 30 s. */
  schedulerTickMs?: number;
}

export interface App {
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:4001 */
  url: string;
  database: DatabaseHandle;
  runner: SyncRunner;
  integrations: IntegrationService;
  scheduler: Scheduler;
  /** Stops taking requests and syncs, waits for running syncs, closes the database. */
  close(): Promise<void>;
}

export async function startApp(options: AppOptions): Promise<App> {
  const { config, log } = options;
  let migrated = Boolean(options.database);
  const database =
    options.database ??
    (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, "pglite") }));
  if (!migrated) {
    await database.migrate();
    migrated = true;
    log.info({ database: database.kind }, "database migrated");
  }
  const secretsKey = await loadSecretsKey(config);
  const runner = new SyncRunner({ db: database.db, config, secretsKey, log });
  const integrations = new IntegrationService({ db: database.db, config, secretsKey, runner });
  const server = await createServer({
    database,
    integrations,
    verifyToken: await createTokenVerifier(config),
    log,
    isMigrated: () => migrated,
  });
  const url = await server.listen(config.port, config.host);
  const scheduler = startScheduler({ db: database.db, runner, log, tickMs: options.schedulerTickMs });
  return {
    url,
    database,
    runner,
    integrations,
    scheduler,
    async close() {
      scheduler.stop();
      await server.close();
      await runner.drain();
      if (!options.database) await database.close();
    },
  };
}
