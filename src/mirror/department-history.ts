// The history of each user's department, so that a trace is attributed to the department its
// user belonged to when it was recorded rather than today's.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { userDepartmentHistory } from "../db/schema.js";
import { oneOfKeys, textArray } from "../db/text-array.js";
import { BULK_CHUNK, chunks } from "./bulk.js";

/**
 * Appends a history row for each user whose department differs from what the mirror held: a
 * user seen for the first time has had their department "since before the first sync" (null).
 */
export async function recordDepartmentChanges(
  db: Database,
  integrationId: string,
  rows: { id: string; department: string | null }[],
  existing: Map<string, { department: string | null }>,
): Promise<void> {
  const changes = rows
    .filter((row) => !existing.has(row.id) || existing.get(row.id)!.department !== row.department)
    .map((row) => ({
      integrationId,
      userId: row.id,
      department: row.department,
      validFrom: existing.has(row.id) ? new Date() : null,
    }));
  // A first sync writes one row per user: bound as arrays, as addresses are.
  for (const chunk of chunks(changes, BULK_CHUNK)) {
    await db.execute(sql`
      insert into ${userDepartmentHistory} (integration_id, user_id, department, valid_from)
      select ${integrationId}::uuid, h.user_id, h.department, h.valid_from::timestamptz
        from unnest(${textArray(chunk.map((c) => c.userId))}, ${textArray(chunk.map((c) => c.department))},
                    ${textArray(chunk.map((c) => c.validFrom?.toISOString() ?? null))}) as h(user_id, department, valid_from)`);
  }
}

/** A user gone from the tenant takes their history along: nothing can be attributed to them again. */
export async function deleteDepartmentHistory(db: Database, integrationId: string, userIds: string[]): Promise<void> {
  await db
    .delete(userDepartmentHistory)
    .where(and(eq(userDepartmentHistory.integrationId, integrationId), oneOfKeys(userDepartmentHistory.userId, userIds)));
}
