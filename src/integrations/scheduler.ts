// Runs incremental syncs when integrations fall due (every syncIntervalMinutes), and judges on
// every tick what no run may come to judge in time: runs whose process died (closed INTERRUPTED,
// their integrations due at once), credentials about to expire, integrations gone stale.
//
// Replicas share the work through the database: claiming an integration pushes its nextSyncAt
// forward in the same statement that selects it, so two replicas never claim the same one. A
// replica claims only as many as it has free sync slots (SYNC_CONCURRENCY): the rest stay due,
// for another replica or its own next tick.
import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import type { StalenessRule } from "./staleness.js";
import { credentialExpiryJudged, stalenessJudged } from "./status.js";
import { claimDue, unclaimed } from "./store.js";
import type { SyncRunner } from "./sync-runner.js";

export interface Scheduler {
  /** Claims and starts whatever is due now (also called on every tick). */
  tick(): Promise<void>;
  stop(): void;
}

/**
 * Looks every `tickMs` (default 30 s), and again whenever a run it started ends; 0 starts no timer,
 * and syncs start only when tick() is called (tests).
 */
export function startScheduler(options: {
  /** The syncs' connections (DatabaseHandle.syncDb): a tick never waits for a GraphQL request's. */
  db: Database;
  runner: SyncRunner;
  log: Logger;
  tickMs?: number;
  /** The credential expiry warning window (CREDENTIAL_EXPIRY_WARNING_DAYS). */
  expiryWarningDays: number;
  /** SYNC_RUN_TIMEOUT_MINUTES: how long a claim holds (store.ts's claimedUntil). */
  runTimeoutMinutes: number;
  staleness: StalenessRule;
}): Scheduler {
  const { db, runner, log } = options;
  const tick = async () => {
    await runner.closeDeadRuns();
    await credentialExpiryJudged(db, { warningDays: options.expiryWarningDays });
    await stalenessJudged(db, options.staleness);
    const room = runner.room;
    const due = room > 0 ? await claimDue(db, room, options.runTimeoutMinutes) : [];
    for (const integration of due) {
      log.info({ integrationId: integration.id }, "scheduled sync due");
      let started;
      try {
        started = await runner.start(integration, "INCREMENTAL");
      } catch (error) {
        // Its claim would hold it for a run's length: given back, the next look tries again.
        log.error({ err: error, integrationId: integration.id }, "a scheduled sync could not start");
        await unclaimed(db, integration.id).catch((failure: unknown) =>
          log.error({ err: failure, integrationId: integration.id }, "could not give back the claim of a sync that did not start"),
        );
        continue;
      }
      // The slot it frees at its end is taken at once: many tenants due together must not wait
      // a whole tick per slot. (A look already going then is not doubled; the next tick follows.)
      if (timer) void started.finished.then(look);
    }
  };
  let ticking = false;
  let stopped = false;
  const look = () => {
    if (ticking || stopped) return;
    ticking = true;
    tick()
      .catch((error: unknown) => log.error({ err: error }, "scheduler tick failed"))
      .finally(() => (ticking = false));
  };
  const tickMs = options.tickMs ?? 30_000;
  const timer = tickMs > 0 ? setInterval(look, tickMs) : undefined;
  timer?.unref();
  return {
    tick,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
