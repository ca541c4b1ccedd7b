// Runs whose process is gone, closed by whichever replica looks first: at its start and on every
// scheduler tick. A run is dead when its row says RUNNING while nobody holds its integration's
// run lock (see run-lock.ts); it is closed INTERRUPTED and its integration falls due at once,
// instead of waiting out the claim its dead replica left.
import type { Database } from "../db/client.js";
import { RUN_START_GRACE_MS, tryLockIntegration } from "./run-lock.js";
import { closeInterruptedRuns, runningFor } from "./runs.js";
import { runInterrupted } from "./status.js";

export interface DeadRunProbe {
  /** Runs of this process: alive by definition, never probed. */
  ownRunIds: ReadonlySet<string>;
  /** Rows younger than this are not judged (RUN_START_GRACE_MS; 0 in tests that kill a run). */
  startGraceMs?: number;
}

/** Closes every dead run as INTERRUPTED; returns the ids of the integrations made due again. */
export async function closeDeadRuns(db: Database, probe: DeadRunProbe): Promise<string[]> {
  const byIntegration = new Map<string, string[]>();
  for (const run of await runningFor(db, probe.startGraceMs ?? RUN_START_GRACE_MS)) {
    if (probe.ownRunIds.has(run.id)) continue;
    byIntegration.set(run.integrationId, [...(byIntegration.get(run.integrationId) ?? []), run.id]);
  }
  const reopened: string[] = [];
  for (const [integrationId, runIds] of byIntegration) {
    const closed = await db.transaction(async (tx) => {
      // Held: no live run of this integration anywhere; the lock is released with this transaction.
      if (!(await tryLockIntegration(tx, integrationId))) return false;
      if ((await closeInterruptedRuns(tx, runIds)) === 0) return false;
      await runInterrupted(tx, integrationId);
      return true;
    });
    if (closed) reopened.push(integrationId);
  }
  return reopened;
}
