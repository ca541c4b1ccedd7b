// The sync runs of the organisation's integrations.
import type { Database } from "../db/client.js";
import { latestRuns, type SyncRunRow } from "../integrations/runs.js";
import { batchLoader, singleRow } from "./batch.js";

/** Integration id -> its latest run, finished or not; null if it never ran. */
export function latestRunLoader(db: Database, orgId: string) {
  return batchLoader<string, SyncRunRow, SyncRunRow | null>(
    (integrationIds) => latestRuns(db, orgId, integrationIds),
    (row) => row.integrationId,
    () => null,
    singleRow,
  );
}
