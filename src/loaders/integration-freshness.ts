// How current each integration's mirror is: for the people and service principals read from it,
// and for the organisation's directory as a whole.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { integrations } from "../db/schema.js";
import type { FreshnessFacts } from "../integrations/staleness.js";
import { batchLoader, singleRow } from "./batch.js";

type FreshnessRow = FreshnessFacts & { id: string };

const FRESHNESS_COLUMNS = {
  id: integrations.id,
  status: integrations.status,
  syncIntervalMinutes: integrations.syncIntervalMinutes,
  lastSuccessfulSyncAt: integrations.lastSuccessfulSyncAt,
  createdAt: integrations.createdAt,
};

/** Integration id -> what its staleness is judged on; null for an integration of another organisation (or removed). */
export function integrationFreshnessLoader(db: Database, orgId: string) {
  return batchLoader<string, FreshnessRow, FreshnessRow | null>(
    (ids) =>
      db
        .select(FRESHNESS_COLUMNS)
        .from(integrations)
        // Integration ids are uuids, which a text[] of keys would not compare with.
        .where(and(eq(integrations.orgId, orgId), sql`${integrations.id} = any(${sql.param(ids)}::uuid[])`)),
    (row) => row.id,
    () => null,
    singleRow,
  );
}

/** Every integration of the organisation, paused ones included, with what its staleness is judged on. */
export function organisationFreshness(db: Database, orgId: string): Promise<FreshnessRow[]> {
  return db.select(FRESHNESS_COLUMNS).from(integrations).where(eq(integrations.orgId, orgId));
}
