// The only writer of the directory mirror: idempotent upserts and removals that the sync
// applies page by page (and that tests use to seed data).
//
// Patches follow Graph delta semantics: a property that is absent is unchanged, a property that
// is present (even null) is the new value. Changed objects therefore merge into what is stored.
import { and, eq, inArray, isNull, ne, or, sql, type Column } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { selectRows } from "../db/rows.js";
import { normaliseAddress, userAddresses } from "../directory/addresses.js";
import { groupKind } from "../directory/group-kind.js";
import {
  directoryGroups,
  directoryRoles,
  directoryServicePrincipals,
  directoryUserEmails,
  directoryUsers,
  groupMemberships,
  integrations,
  roleAssignments,
  userDepartmentHistory,
} from "../db/schema.js";

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

export interface GroupPatch {
  id: string;
  displayName?: string | null;
  mail?: string | null;
  description?: string | null;
  groupTypes?: string[] | null;
  mailEnabled?: boolean | null;
  securityEnabled?: boolean | null;
}

export interface ServicePrincipalPatch {
  id: string;
  appId?: string | null;
  displayName?: string | null;
  servicePrincipalType?: string | null;
  accountEnabled?: boolean | null;
  ownerIds?: string[];
}

export type MemberType = "user" | "group" | "servicePrincipal" | "other";

export interface Membership {
  groupId: string;
  memberId: string;
  memberType: MemberType;
}

export interface RoleRow {
  id: string;
  displayName: string;
  roleTemplateId: string;
  /** Object ids of the principals holding the role. */
  memberIds: string[];
}

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for our widest table. */
const CHUNK = 2_000;

/**
 * Rows per bulk statement, for the statements that bind their rows as one JSON document or as
 * column arrays (a handful of parameters however many rows): a delta page's memberships (up to
 * 999 items x 20 members) fit in one. A VALUES list of that size cost more CPU in the query
 * builder than PostgreSQL spent writing it (see BENCHMARKS.md).
 */
const BULK_CHUNK = 20_000;

/** A list bound as one `text[]` parameter (postgres.js and PGlite both serialise JS arrays). */
const textArray = (values: (string | null)[]) => sql`${sql.param(values)}::text[]`;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Last patch wins when Graph repeats an object within one page. */
function latestById<T extends { id: string }>(patches: T[]): Map<string, T> {
  const byId = new Map<string, T>();
  for (const patch of patches) byId.set(patch.id, { ...byId.get(patch.id), ...patch });
  return byId;
}

function pick<T>(patch: object, key: string, current: T): T {
  return key in patch ? ((patch as Record<string, unknown>)[key] as T) : current;
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
        .where(and(eq(directoryUsers.integrationId, integrationId), inArray(directoryUsers.id, ids)))
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
        from json_to_recordset(${JSON.stringify(chunk)}::json) as u(id text, "displayName" text, mail text,
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
  await deleteAddresses(db, integrationId, ids);
  const addresses = rows.flatMap((row) =>
    userAddresses(row).map(({ address, rank }) => ({ address: normaliseAddress(address), rank, userId: row.id })),
  );
  for (const chunk of chunks(addresses, BULK_CHUNK)) {
    await db.execute(sql`
      insert into ${directoryUserEmails} (integration_id, address, rank, user_id)
      select ${integrationId}::uuid, a.address, a.rank, a.user_id
        from unnest(${textArray(chunk.map((a) => a.address))}, ${sql.param(chunk.map((a) => a.rank))}::int[],
                    ${textArray(chunk.map((a) => a.userId))}) as a(address, rank, user_id)
      on conflict do nothing`);
  }
  await recordDepartmentChanges(db, integrationId, rows, existing);
  return firstSeenInRun(rows, existing, seenInRun);
}

/**
 * How many of the rows this run had not written before. Graph repeats objects across pages and
 * splits a big group over several items; a run's counters count each object once.
 */
function firstSeenInRun(
  rows: { id: string }[],
  existing: Map<string, { seenInRun: string | null }>,
  seenInRun: string | null,
): number {
  if (seenInRun === null) return rows.length;
  return rows.filter((row) => existing.get(row.id)?.seenInRun !== seenInRun).length;
}

async function deleteAddresses(db: Database, integrationId: string, userIds: string[]): Promise<void> {
  for (const chunk of chunks(userIds)) {
    await db
      .delete(directoryUserEmails)
      .where(and(eq(directoryUserEmails.integrationId, integrationId), inArray(directoryUserEmails.userId, chunk)));
  }
}

/**
 * Soft-deleted in Entra (`@removed: changed`): kept as a tombstone so that past traces still
 * name the person, with accountStatus DELETED. Returns how many users this newly marked.
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
          inArray(directoryUsers.id, chunk),
          isNull(directoryUsers.deletedAt),
        ),
      )
      .returning({ id: directoryUsers.id });
    marked += rows.length;
  }
  return marked;
}

/** Gone from the tenant (`@removed: deleted`, or not seen by a full resync): removed with every link. */
export async function removeUsers(db: Database, integrationId: string, ids: string[]): Promise<number> {
  let removed = 0;
  for (const chunk of chunks([...new Set(ids)])) {
    const rows = await db
      .delete(directoryUsers)
      .where(and(eq(directoryUsers.integrationId, integrationId), inArray(directoryUsers.id, chunk)))
      .returning({ id: directoryUsers.id });
    removed += rows.length;
    await removePrincipalLinks(db, integrationId, chunk);
    await db
      .delete(userDepartmentHistory)
      .where(and(eq(userDepartmentHistory.integrationId, integrationId), inArray(userDepartmentHistory.userId, chunk)));
    await db
      .update(directoryUsers)
      .set({ managerId: null })
      .where(and(eq(directoryUsers.integrationId, integrationId), inArray(directoryUsers.managerId, chunk)));
  }
  return removed;
}

/** Addresses, memberships and role assignments of principals that no longer exist. */
async function removePrincipalLinks(db: Database, integrationId: string, ids: string[]): Promise<void> {
  await deleteAddresses(db, integrationId, ids);
  await db
    .delete(groupMemberships)
    .where(and(eq(groupMemberships.integrationId, integrationId), inArray(groupMemberships.memberId, ids)));
  await db
    .delete(roleAssignments)
    .where(and(eq(roleAssignments.integrationId, integrationId), inArray(roleAssignments.principalId, ids)));
}

/** Inserts or merges groups; returns how many of them the run `seenInRun` had not written yet. */
export async function upsertGroups(
  db: Database,
  integrationId: string,
  patches: GroupPatch[],
  seenInRun: string | null = null,
): Promise<number> {
  const byId = latestById(patches);
  if (byId.size === 0) return 0;
  const existing = new Map(
    (
      await db
        .select()
        .from(directoryGroups)
        .where(and(eq(directoryGroups.integrationId, integrationId), inArray(directoryGroups.id, [...byId.keys()])))
    ).map((row) => [row.id, row]),
  );
  const rows = [...byId.values()].map((patch) => {
    const current = existing.get(patch.id);
    const groupTypes = pick(patch, "groupTypes", current?.groupTypes) ?? [];
    const mailEnabled = pick(patch, "mailEnabled", current?.mailEnabled) ?? false;
    const securityEnabled = pick(patch, "securityEnabled", current?.securityEnabled) ?? false;
    return {
      integrationId,
      id: patch.id,
      displayName: pick(patch, "displayName", current?.displayName) ?? patch.id,
      mail: pick(patch, "mail", current?.mail ?? null),
      description: pick(patch, "description", current?.description ?? null),
      groupTypes,
      mailEnabled,
      securityEnabled,
      kind: groupKind(groupTypes, mailEnabled, securityEnabled),
      seenInRun,
    };
  });
  for (const chunk of chunks(rows)) {
    await db
      .insert(directoryGroups)
      .values(chunk)
      .onConflictDoUpdate({
        target: [directoryGroups.integrationId, directoryGroups.id],
        set: {
          displayName: sql`excluded.display_name`,
          mail: sql`excluded.mail`,
          description: sql`excluded.description`,
          groupTypes: sql`excluded.group_types`,
          mailEnabled: sql`excluded.mail_enabled`,
          securityEnabled: sql`excluded.security_enabled`,
          kind: sql`excluded.kind`,
          seenInRun: sql`excluded.seen_in_run`,
        },
      });
  }
  return firstSeenInRun(rows, existing, seenInRun);
}

/** Removes groups with their memberships, both as container and as nested member. */
export async function removeGroups(db: Database, integrationId: string, ids: string[]): Promise<number> {
  let removed = 0;
  for (const chunk of chunks([...new Set(ids)])) {
    const rows = await db
      .delete(directoryGroups)
      .where(and(eq(directoryGroups.integrationId, integrationId), inArray(directoryGroups.id, chunk)))
      .returning({ id: directoryGroups.id });
    removed += rows.length;
    await db
      .delete(groupMemberships)
      .where(and(eq(groupMemberships.integrationId, integrationId), inArray(groupMemberships.groupId, chunk)));
    await removePrincipalLinks(db, integrationId, chunk);
  }
  return removed;
}

/** Adds direct memberships (merging: a group's list may arrive in several parts). Returns how many were new. */
export async function addMemberships(
  db: Database,
  integrationId: string,
  memberships: Membership[],
  seenInRun: string | null = null,
): Promise<number> {
  let added = 0;
  for (const chunk of chunks(memberships, BULK_CHUNK)) {
    // Graph repeats items, and one statement must not touch the same row twice (ON CONFLICT
    // refuses): DISTINCT ON keeps each pair's last occurrence. Deduplicating here, not in a JS map
    // keyed by pair, spares the sync a million short-lived strings.
    // xmax = 0 only for freshly inserted rows: re-seen rows are refreshed but not counted as changes.
    const [row] = await selectRows<{ added: number }>(
      db,
      sql`with input as (
            select distinct on (m.group_id, m.member_id) m.group_id, m.member_id, m.member_type
              from rows from (json_to_recordset(${JSON.stringify(chunk)}::json)
                   as ("groupId" text, "memberId" text, "memberType" text))
                   with ordinality as m(group_id, member_id, member_type, n)
             order by m.group_id, m.member_id, m.n desc
          ), upserted as (
            insert into ${groupMemberships} (integration_id, group_id, member_id, member_type, seen_in_run)
            select ${integrationId}::uuid, group_id, member_id, member_type, ${seenInRun}::uuid from input
            on conflict (integration_id, group_id, member_id)
            do update set seen_in_run = excluded.seen_in_run, member_type = excluded.member_type
            returning (xmax = 0) as inserted
          )
          select (count(*) filter (where inserted))::int as added from upserted`,
    );
    added += Number(row?.added ?? 0);
  }
  return added;
}

export async function removeMemberships(
  db: Database,
  integrationId: string,
  memberships: Pick<Membership, "groupId" | "memberId">[],
): Promise<number> {
  let removed = 0;
  for (const chunk of chunks(memberships, BULK_CHUNK)) {
    const [row] = await selectRows<{ removed: number }>(
      db,
      sql`with deleted as (
            delete from ${groupMemberships} m
             using unnest(${textArray(chunk.map((d) => d.groupId))}, ${textArray(chunk.map((d) => d.memberId))})
                   as d(group_id, member_id)
             where m.integration_id = ${integrationId}::uuid and m.group_id = d.group_id and m.member_id = d.member_id
            returning 1
          )
          select count(*)::int as removed from deleted`,
    );
    removed += Number(row?.removed ?? 0);
  }
  return removed;
}

/** Directory roles are few and have no delta: each sync replaces them whole. */
export async function replaceRoles(db: Database, integrationId: string, roles: RoleRow[]): Promise<void> {
  await db.delete(roleAssignments).where(eq(roleAssignments.integrationId, integrationId));
  await db.delete(directoryRoles).where(eq(directoryRoles.integrationId, integrationId));
  if (roles.length === 0) return;
  await db
    .insert(directoryRoles)
    .values(roles.map(({ id, displayName, roleTemplateId }) => ({ integrationId, id, displayName, roleTemplateId })));
  const assignments = roles.flatMap((role) =>
    [...new Set(role.memberIds)].map((principalId) => ({ integrationId, roleId: role.id, principalId })),
  );
  for (const chunk of chunks(assignments)) await db.insert(roleAssignments).values(chunk);
}

/**
 * Ends a full resync: whatever the run did not see no longer exists in the tenant.
 * Returns how many users were marked deleted and groups and memberships removed.
 */
export async function sweepUnseen(
  db: Database,
  integrationId: string,
  runId: string,
): Promise<{ users: number; groups: number; memberships: number }> {
  // A full round cannot tell soft from hard deletion: unseen users become tombstones, so past
  // traces still name them (DELETED) rather than no one.
  const unseenUsers = await db
    .select({ id: directoryUsers.id })
    .from(directoryUsers)
    .where(and(eq(directoryUsers.integrationId, integrationId), notSeenIn(directoryUsers.seenInRun, runId)));
  const users = await markUsersDeleted(db, integrationId, unseenUsers.map((row) => row.id));
  const unseenGroups = await db
    .select({ id: directoryGroups.id })
    .from(directoryGroups)
    .where(and(eq(directoryGroups.integrationId, integrationId), notSeenIn(directoryGroups.seenInRun, runId)));
  const groups = await removeGroups(db, integrationId, unseenGroups.map((row) => row.id));
  const memberships = await db
    .delete(groupMemberships)
    .where(
      and(
        eq(groupMemberships.integrationId, integrationId),
        notSeenIn(groupMemberships.seenInRun, runId),
      ),
    )
    .returning({ groupId: groupMemberships.groupId });
  return { users, groups, memberships: memberships.length };
}

/**
 * Refreshes the planner's statistics of the mirror tables. A full sync writes up to millions of
 * rows in one transaction; until autovacuum analyzes them (a minute later at best, never where it
 * is off) the planner misjudges them and the loaders' lookups scan whole tables (measured: 0.5 s
 * instead of 5 ms for 100 traces' groups). Run inside the sync's transaction, ANALYZE samples the
 * run's own rows, and its statistics commit with them. `integrations` is included: every lookup
 * joins it, and a never-analyzed table is guessed at hundreds of rows.
 */
export async function analyzeMirror(db: Database): Promise<void> {
  await db.execute(
    sql`analyze ${integrations}, ${directoryUsers}, ${directoryUserEmails}, ${directoryGroups}, ${groupMemberships}, ${directoryRoles}, ${roleAssignments}, ${directoryServicePrincipals}, ${userDepartmentHistory}`,
  );
}

function notSeenIn(seenInRun: Column, runId: string) {
  return or(isNull(seenInRun), ne(seenInRun, runId));
}

/**
 * Appends a history row for each user whose department differs from what the mirror held: a
 * user seen for the first time has had their department "since before the first sync" (null).
 */
async function recordDepartmentChanges(
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
  // A first sync writes one row per user: bound as arrays, like the users themselves.
  for (const chunk of chunks(changes, BULK_CHUNK)) {
    await db.execute(sql`
      insert into ${userDepartmentHistory} (integration_id, user_id, department, valid_from)
      select ${integrationId}::uuid, h.user_id, h.department, h.valid_from::timestamptz
        from unnest(${textArray(chunk.map((c) => c.userId))}, ${textArray(chunk.map((c) => c.department))},
                    ${textArray(chunk.map((c) => c.validFrom?.toISOString() ?? null))}) as h(user_id, department, valid_from)`);
  }
}

/** Inserts or merges service principals (delta semantics: absent properties are unchanged). */
export async function upsertServicePrincipals(
  db: Database,
  integrationId: string,
  patches: ServicePrincipalPatch[],
  seenInRun: string | null = null,
): Promise<number> {
  const byId = latestById(patches);
  if (byId.size === 0) return 0;
  const sp = directoryServicePrincipals;
  const existing = new Map(
    (await db.select().from(sp).where(and(eq(sp.integrationId, integrationId), inArray(sp.id, [...byId.keys()])))).map(
      (row) => [row.id, row],
    ),
  );
  const rows = [...byId.values()].map((patch) => {
    const current = existing.get(patch.id);
    return {
      integrationId,
      id: patch.id,
      appId: pick(patch, "appId", current?.appId ?? null),
      displayName: pick(patch, "displayName", current?.displayName ?? null),
      servicePrincipalType: pick(patch, "servicePrincipalType", current?.servicePrincipalType ?? null),
      accountEnabled: pick(patch, "accountEnabled", current?.accountEnabled) ?? true,
      ownerIds: pick(patch, "ownerIds", current?.ownerIds) ?? [],
      seenInRun,
    };
  });
  for (const chunk of chunks(rows)) {
    await db
      .insert(sp)
      .values(chunk)
      .onConflictDoUpdate({
        target: [sp.integrationId, sp.id],
        set: {
          appId: sql`excluded.app_id`,
          displayName: sql`excluded.display_name`,
          servicePrincipalType: sql`excluded.service_principal_type`,
          accountEnabled: sql`excluded.account_enabled`,
          ownerIds: sql`excluded.owner_ids`,
          seenInRun: sql`excluded.seen_in_run`,
        },
      });
  }
  return firstSeenInRun(rows, existing, seenInRun);
}

/** Gone from the tenant: removed with their group memberships and role assignments. */
export async function removeServicePrincipals(db: Database, integrationId: string, ids: string[]): Promise<number> {
  let removed = 0;
  for (const chunk of chunks([...new Set(ids)])) {
    const rows = await db
      .delete(directoryServicePrincipals)
      .where(and(eq(directoryServicePrincipals.integrationId, integrationId), inArray(directoryServicePrincipals.id, chunk)))
      .returning({ id: directoryServicePrincipals.id });
    removed += rows.length;
    await removePrincipalLinks(db, integrationId, chunk);
  }
  return removed;
}

/** Ends a full service principal round: those the run did not see are gone from the tenant. */
export async function sweepUnseenServicePrincipals(db: Database, integrationId: string, runId: string): Promise<number> {
  const sp = directoryServicePrincipals;
  const unseen = await db
    .select({ id: sp.id })
    .from(sp)
    .where(and(eq(sp.integrationId, integrationId), notSeenIn(sp.seenInRun, runId)));
  return removeServicePrincipals(db, integrationId, unseen.map((row) => row.id));
}
