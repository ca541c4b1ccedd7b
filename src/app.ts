// The whole service wired together: database, sync runner, integrations, HTTP server, scheduler.
// `src/serve.ts` starts it from the environment; tests start it with their own database.
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { configWarnings, type Config } from "./config.js";
import { openDatabase, type DatabaseHandle } from "./db/client.js";
import { createTokenVerifier } from "./graphql/auth.js";
import { IntegrationService } from "./integrations/service.js";
import { startScheduler, type Scheduler } from "./integrations/scheduler.js";
import { loadSecretsKeys } from "./integrations/secrets.js";
import { stalenessRule } from "./integrations/staleness.js";
import { SyncRunner } from "./integrations/sync-runner.js";
import type { Logger } from "./logger.js";
import { watchCredentialExpiry } from "./metrics/credential-expiry.js";
import { createMetrics, type Metrics } from "./metrics/metrics.js";
import { watchSyncFreshness } from "./metrics/sync-freshness.js";
import { createServer } from "./server.js";

export interface AppOptions {
  config: Config;
  log: Logger;
  /** An open, migrated database (tests); by default one is opened from the configuration. */
  database?: DatabaseHandle;
  /** How often the scheduler looks for due syncs; 0: only when its tick() is called. Default 30 s. */
  schedulerTickMs?: number;
  /** SyncRunnerOptions.deadRunGraceMs (tests that kill a run's process pass 0). */
  deadRunGraceMs?: number;
}

export interface App {
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:4001 */
  url: string;
  database: DatabaseHandle;
  runner: SyncRunner;
  integrations: IntegrationService;
  scheduler: Scheduler;
  metrics: Metrics;
  /**
   * Stops the scheduler, drains HTTP requests, waits up to SHUTDOWN_GRACE_SECONDS for running
   * syncs, then closes the database. A sync still running then is abandoned: it is one
   * transaction, so it rolls back, and its run is recorded INTERRUPTED. Were the process killed
   * instead, any replica would close it so at its start or next scheduler tick.
   */
  close(): Promise<void>;
}

export async function startApp(options: AppOptions): Promise<App> {
  if (options.database) return startOn(options.database, options);
  const { config } = options;
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    readUrl: config.databaseReadUrl,
    dataDir: path.join(config.dataDir, "pglite"),
    maxConnections: config.databasePoolSize,
    syncConcurrency: config.syncConcurrency,
  });
  try {
    return await startOn(database, options);
  } catch (error) {
    // A start that fails (a port taken, a migration refused) lets go of the database it opened,
    // the embedded one's lock with it.
    await database.close().catch(() => undefined);
    throw error;
  }
}

async function startOn(database: DatabaseHandle, options: AppOptions): Promise<App> {
  const { config, log } = options;
  for (const warning of configWarnings(config)) log.warn(warning);
  if (!options.database) {
    await database.migrate();
    log.info({ database: database.kind }, "database migrated");
  }
  const secretsKeys = await loadSecretsKeys(config);
  const metrics = createMetrics();
  watchCredentialExpiry(metrics.registry, database.reading);
  watchSyncFreshness(metrics.registry, database.reading, stalenessRule(config));
  const runner = new SyncRunner({
    db: database.syncDb,
    transaction: database.syncTransaction,
    reads: database.readActivity,
    config,
    secretsKeys,
    log,
    observer: metrics.sync,
    deadRunGraceMs: options.deadRunGraceMs,
  });
  // A replica back after a crash shows the truth at once: dead runs are closed now.
  await runner.closeDeadRuns();
  const integrations = new IntegrationService({ db: database.db, config, secretsKeys, runner });
  const server = await createServer({
    database,
    integrations,
    verifyToken: await createTokenVerifier(config),
    log,
    metrics,
    limits: config.limits,
    introspection: config.introspection,
  });
  const url = await server.listen(config.port, config.host);
  const scheduler = startScheduler({
    db: database.syncDb,
    runner,
    log,
    tickMs: options.schedulerTickMs,
    expiryWarningDays: config.credentialExpiryWarningDays,
    runTimeoutMinutes: config.syncRunTimeoutMinutes,
    staleness: stalenessRule(config),
  });
  return {
    url,
    database,
    runner,
    integrations,
    scheduler,
    metrics,
    async close() {
      scheduler.stop();
      await server.close();
      // A run that fails on the closing database is settled here, not left unhandled.
      const drained = runner.drain().then(
        () => true,
        () => true,
      );
      const grace = delay(config.shutdownGraceSeconds * 1000, false, { ref: false });
      if (!(await Promise.race([drained, grace]))) {
        log.warn({ graceSeconds: config.shutdownGraceSeconds }, "abandoning running syncs: their transactions roll back");
        runner.abandon();
        await drained;
      }
      if (!options.database) await database.close();
    },
  };
}
