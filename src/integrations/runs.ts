// Sync runs: one row per run of an integration, RUNNING until its end is recorded. A run's row is
// written outside the run's own transaction, so that a run is visible while it works.
import { and, desc, eq, inArray, lte, ne, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { integrations, syncRuns, type IntegrationErrorRow } from "../db/schema.js";
import type { SyncMode } from "../directory/sync-modes.js";
import type { SyncCounters } from "../entra/sync/types.js";
import { INTERRUPTED, type StatusReasonCode } from "./status-reasons.js";
import type { SyncStatus } from "./sync-status.js";

export type SyncRunRow = typeof syncRuns.$inferSelect;

/** The code of a run refused because another run of its integration was going. */
export const SYNC_IN_PROGRESS = "SYNC_IN_PROGRESS" satisfies StatusReasonCode;

export async function insertRun(db: Database, integrationId: string, mode: SyncMode): Promise<SyncRunRow> {
  const [run] = await db.insert(syncRuns).values({ integrationId, mode }).returning();
  return run;
}

/**
 * Runs still RUNNING that started more than `ageMs` ago, for the dead-run probe; by the
 * database's clock, which wrote their start, whatever this replica's clock says.
 */
export function runningFor(db: Database, ageMs: number): Promise<Pick<SyncRunRow, "id" | "integrationId">[]> {
  return db
    .select({ id: syncRuns.id, integrationId: syncRuns.integrationId })
    .from(syncRuns)
    .where(
      and(eq(syncRuns.status, "RUNNING"), lte(syncRuns.startedAt, sql`now() - make_interval(secs => ${ageMs / 1000})`)),
    );
}

/** Closes the runs named as INTERRUPTED, those still RUNNING; returns how many it closed. */
export async function closeInterruptedRuns(db: Database, runIds: string[]): Promise<number> {
  if (runIds.length === 0) return 0;
  const closed = await db
    .update(syncRuns)
    .set({ status: "INTERRUPTED", finishedAt: sql`now()`, error: INTERRUPTED })
    .where(and(inArray(syncRuns.id, runIds), eq(syncRuns.status, "RUNNING")))
    .returning({ id: syncRuns.id });
  return closed.length;
}

/** Closes the integration's runs left RUNNING, all but `runId` (whose transaction holds the run lock). */
export async function closeOtherRuns(db: Database, integrationId: string, runId: string): Promise<void> {
  await db
    .update(syncRuns)
    .set({ status: "INTERRUPTED", finishedAt: sql`now()`, error: INTERRUPTED })
    .where(and(eq(syncRuns.integrationId, integrationId), eq(syncRuns.status, "RUNNING"), ne(syncRuns.id, runId)));
}

export interface RunEnd {
  status: Exclude<SyncStatus, "RUNNING">;
  /** The mode the run ended in: an incremental run may have turned into a full resync. */
  mode: SyncMode;
  graphRequests: number;
  /** What the run wrote; absent for a run that did not succeed (it rolled back). */
  counters?: SyncCounters;
  failure: IntegrationErrorRow | null;
}

/**
 * The run's end, at the database's clock as its start was: a replica whose clock runs ahead would
 * otherwise put the integration's next run, and its last success, that far in the future.
 */
export async function recordRunEnd(db: Database, runId: string, end: RunEnd): Promise<SyncRunRow> {
  const [finished] = await db
    .update(syncRuns)
    .set({
      status: end.status,
      mode: end.mode,
      finishedAt: sql`now()`,
      graphRequests: end.graphRequests,
      error: end.failure,
      ...(end.counters ?? {}),
    })
    .where(eq(syncRuns.id, runId))
    .returning();
  return finished;
}

/**
 * The latest run of each of the organisation's integrations named, for `lastSync`; none for one
 * never run. A run refused because another was going is kept in the history but is never the
 * latest: the run it deferred to is the one that says how the integration is doing.
 */
export function latestRuns(db: Database, orgId: string, integrationIds: string[]): Promise<SyncRunRow[]> {
  return db
    .selectDistinctOn([syncRuns.integrationId])
    .from(syncRuns)
    .where(
      and(
        inArray(syncRuns.integrationId, integrationIds),
        inArray(syncRuns.integrationId, db.select({ id: integrations.id }).from(integrations).where(eq(integrations.orgId, orgId))),
        sql`(${syncRuns.error}->>'code') is distinct from ${SYNC_IN_PROGRESS}`,
      ),
    )
    .orderBy(syncRuns.integrationId, desc(syncRuns.startedAt));
}
