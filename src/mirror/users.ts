// Users in the mirror: merged from Graph's patches, kept as tombstones when soft-deleted, removed
// with everything that names them when hard-deleted.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { directoryUsers } from "../db/schema.js";
import { oneOfKeys } from "../db/text-array.js";
import { rewriteAddresses } from "./addresses.js";
import { chunks, firstSeenInRun, latestById, pick, upsertById } from "./bulk.js";
import { deleteDepartmentHistory, recordDepartmentChanges } from "./department-history.js";
import { removePrincipalLinks } from "./principal-links.js";

/** A user's new state: an absent property is unchanged, a present one (even null) is the new value. */
export interface UserPatch {
  id: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  accountEnabled?: boolean | null;
  userType?: string | null;
  otherMails?: string[] | null;
  proxyAddresses?: string[] | null;
  managerId?: string | null;
  /**
   * Listed whole without a manager (a round without a token): none, unless the run `seenInRun`
   * already listed the user with one, for Graph may list a user again, the manager in one listing only.
   */
  managerUnlisted?: boolean;
}

/**
 * Inserts or merges users (clearing any tombstone) and rewrites their addresses. Returns how many
 * of them the run `seenInRun` had not written yet.
 */
export async function upsertUsers(
  db: Database,
  integrationId: string,
  patches: UserPatch[],
  seenInRun: string | null = null,
): Promise<number> {
  const byId = latestById(patches);
  if (byId.size === 0) return 0;
  const ids = [...byId.keys()];
  const existing = new Map(
    (
      await db
        .select()
        .from(directoryUsers)
        .where(and(eq(directoryUsers.integrationId, integrationId), oneOfKeys(directoryUsers.id, ids)))
    ).map((row) => [row.id, row]),
  );
  const rows = [...byId.values()].map((patch) => {
    const current = existing.get(patch.id);
    return {
      integrationId,
      id: patch.id,
      displayName: pick(patch, "displayName", current?.displayName ?? null),
      mail: pick(patch, "mail", current?.mail ?? null),
      // Graph always has a UPN; a partial patch for an object we never saw falls back to its id.
      userPrincipalName: pick(patch, "userPrincipalName", current?.userPrincipalName) ?? patch.id,
      jobTitle: pick(patch, "jobTitle", current?.jobTitle ?? null),
      department: pick(patch, "department", current?.department ?? null),
      accountEnabled: pick(patch, "accountEnabled", current?.accountEnabled) ?? true,
      userType: pick(patch, "userType", current?.userType ?? null),
      otherMails: pick(patch, "otherMails", current?.otherMails) ?? [],
      proxyAddresses: pick(patch, "proxyAddresses", current?.proxyAddresses) ?? [],
      managerId: pick(
        patch,
        "managerId",
        patch.managerUnlisted && (seenInRun === null || current?.seenInRun !== seenInRun) ? null : (current?.managerId ?? null),
      ),
      deletedAt: null,
      seenInRun,
    };
  });
  await upsertById(db, directoryUsers, rows);
  await rewriteAddresses(db, integrationId, rows, existing);
  await recordDepartmentChanges(db, integrationId, rows, existing);
  return firstSeenInRun(rows, existing, seenInRun);
}

/**
 * Soft-deleted in Entra (`@removed: changed`, or in the directory's deleted items at a full
 * resync): kept as a tombstone so that past traces still name the person, with accountStatus
 * DELETED. Returns how many users this newly marked.
 */
export async function markUsersDeleted(db: Database, integrationId: string, ids: string[]): Promise<number> {
  let marked = 0;
  for (const chunk of chunks([...new Set(ids)])) {
    const rows = await db
      .update(directoryUsers)
      .set({ deletedAt: sql`now()` })
      .where(
        and(
          eq(directoryUsers.integrationId, integrationId),
          oneOfKeys(directoryUsers.id, chunk),
          isNull(directoryUsers.deletedAt),
        ),
      )
      .returning({ id: directoryUsers.id });
    marked += rows.length;
  }
  return marked;
}

/**
 * Hard-deleted in Entra (`@removed: deleted`, or missing from the tenant and its deleted items
 * at a full resync): removed with their addresses, memberships, role assignments and department
 * history, and from the users they managed.
 */
export async function removeUsers(db: Database, integrationId: string, ids: string[]): Promise<number> {
  let removed = 0;
  for (const chunk of chunks([...new Set(ids)])) {
    const rows = await db
      .delete(directoryUsers)
      .where(and(eq(directoryUsers.integrationId, integrationId), oneOfKeys(directoryUsers.id, chunk)))
      .returning({ id: directoryUsers.id });
    removed += rows.length;
    await removePrincipalLinks(db, integrationId, chunk);
    await deleteDepartmentHistory(db, integrationId, chunk);
    await db
      .update(directoryUsers)
      .set({ managerId: null })
      .where(and(eq(directoryUsers.integrationId, integrationId), oneOfKeys(directoryUsers.managerId, chunk)));
  }
  return removed;
}
