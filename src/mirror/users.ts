// Users in the mirror: merged from Graph's patches, kept as tombstones when soft-deleted, removed
// with everything that names them when hard-deleted.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { jsonRows } from "../db/json-rows.js";
import { directoryUsers } from "../db/schema.js";
import { oneOfKeys } from "../db/text-array.js";
import { rewriteAddresses } from "./addresses.js";
import { BULK_CHUNK, chunks, firstSeenInRun, latestById, pick } from "./bulk.js";
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
      managerId: pick(patch, "managerId", current?.managerId ?? null),
      deletedAt: null,
      seenInRun,
    };
  });
  // The page travels as one JSON parameter (array columns included), not as a VALUES list.
  for (const chunk of chunks(rows, BULK_CHUNK)) {
    await db.execute(sql`
      insert into ${directoryUsers} (integration_id, id, display_name, mail, user_principal_name, job_title,
             department, account_enabled, user_type, other_mails, proxy_addresses, manager_id, deleted_at, seen_in_run)
      select ${integrationId}::uuid, u.id, u."displayName", u.mail, u."userPrincipalName", u."jobTitle",
             u.department, u."accountEnabled", u."userType", u."otherMails", u."proxyAddresses", u."managerId",
             null, ${seenInRun}::uuid
        from json_to_recordset(${jsonRows(chunk)}) as u(id text, "displayName" text, mail text,
             "userPrincipalName" text, "jobTitle" text, department text, "accountEnabled" boolean, "userType" text,
             "otherMails" text[], "proxyAddresses" text[], "managerId" text)
      on conflict (integration_id, id) do update set
             display_name = excluded.display_name, mail = excluded.mail,
             user_principal_name = excluded.user_principal_name, job_title = excluded.job_title,
             department = excluded.department, account_enabled = excluded.account_enabled,
             user_type = excluded.user_type, other_mails = excluded.other_mails,
             proxy_addresses = excluded.proxy_addresses, manager_id = excluded.manager_id,
             deleted_at = null, seen_in_run = excluded.seen_in_run`);
  }
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
