// Syncs give way to reads. A sync's pages are CPU work, ours and the database's; thirty tenants'
// syncs run flat out beside GraphQL reads on the same two cores made trace enrichment's p99 4.5
// times its idle value (see BENCHMARKS.md, the storm). PostgreSQL has no priority between
// sessions, so the run takes turns instead: after each page it rests SYNC_REST_RATIO times as
// long as reads were in flight on this replica while the page was applied. A run that nobody
// reads beside never rests; beside continuous reads its writing takes up to 1 + SYNC_REST_RATIO
// times as long.
import { setTimeout as sleep } from "node:timers/promises";
import type { ReadActivity } from "../db/read-activity.js";
import type { SyncOptions } from "../entra/sync/types.js";

/** Runs one page's work, then rests as long as the page's overlap with reads asks for. */
export type SyncPace = SyncOptions["pace"];

export interface PaceOptions {
  /** This process's reads (DatabaseHandle.readActivity). */
  reads: Pick<ReadActivity, "busyMs">;
  /** SYNC_REST_RATIO: ms of rest per ms the page's work overlapped reads; 0 never rests. */
  restRatio: number;
  /** The run's: a rest ends, failing the run, when the run is stopped. */
  signal: AbortSignal;
  /** Told each rest's length in ms (metrics). */
  rested?: (ms: number) => void;
}

export function paceAgainstReads({ reads, restRatio, signal, rested }: PaceOptions): SyncPace {
  return async (work) => {
    const busyBefore = reads.busyMs();
    const result = await work();
    const rest = (reads.busyMs() - busyBefore) * restRatio;
    if (rest > 0) {
      await sleep(rest, undefined, { signal });
      rested?.(rest);
    }
    return result;
  };
}
