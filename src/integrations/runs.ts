// Sync runs: one row per run of an integration, RUNNING until its end is recorded. A run's row is
// written outside the run's own transaction, so that a run is visible while it works.
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { integrations, syncRuns, type IntegrationErrorRow } from "../db/schema.js";
import type { SyncMode } from "../directory/sync-modes.js";
import type { SyncCounters } from "../entra/sync/types.js";

export type SyncRunRow = typeof syncRuns.$inferSelect;

export async function insertRun(db: Database, integrationId: string, mode: SyncMode): Promise<SyncRunRow> {
  const [run] = await db.insert(syncRuns).values({ integrationId, mode }).returning();
  return run;
}

/** Closes the integration's runs left RUNNING by a process that died, all but `runId`. */
export async function closeInterruptedRuns(db: Database, integrationId: string, runId: string): Promise<void> {
  await db
    .update(syncRuns)
    .set({
      status: "FAILED",
      finishedAt: new Date(),
      error: { code: "INTERRUPTED", message: "The process running this sync stopped before it finished", hint: null },
    })
    .where(and(eq(syncRuns.integrationId, integrationId), eq(syncRuns.status, "RUNNING"), ne(syncRuns.id, runId)));
}

export interface RunEnd {
  /** The mode the run ended in: an incremental run may have turned into a full resync. */
  mode: SyncMode;
  graphRequests: number;
  /** What the run wrote; absent for a failed run (it rolled back). */
  counters?: SyncCounters;
  failure: IntegrationErrorRow | null;
}

export async function recordRunEnd(db: Database, runId: string, end: RunEnd): Promise<SyncRunRow> {
  const [finished] = await db
    .update(syncRuns)
    .set({
      status: end.failure ? "FAILED" : "SUCCEEDED",
      mode: end.mode,
      finishedAt: new Date(),
      graphRequests: end.graphRequests,
      error: end.failure,
      ...(end.counters ?? {}),
    })
    .where(eq(syncRuns.id, runId))
    .returning();
  return finished;
}

/** The latest run of each of the organisation's integrations named, for `lastSync`; none for one never run. */
export function latestRuns(db: Database, orgId: string, integrationIds: string[]): Promise<SyncRunRow[]> {
  return db
    .selectDistinctOn([syncRuns.integrationId])
    .from(syncRuns)
    .where(
      and(
        inArray(syncRuns.integrationId, integrationIds),
        inArray(syncRuns.integrationId, db.select({ id: integrations.id }).from(integrations).where(eq(integrations.orgId, orgId))),
      ),
    )
    .orderBy(syncRuns.integrationId, desc(syncRuns.startedAt));
}
