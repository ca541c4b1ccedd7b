// The only writer of the directory mirror: idempotent upserts and removals that the sync
// applies page by page (and that tests use to seed data).
//
// Patches follow Graph delta semantics: a property that is absent is unchanged, a property that
// is present (even null) is the new value. Changed objects therefore merge into what is stored.
import { and, eq, inArray, isNull, ne, or, sql, type Column } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { normaliseAddress, userAddresses } from "../directory/addresses.js";
import { groupKind } from "../directory/group-kind.js";
import {
  directoryGroups,
  directoryRoles,
  directoryUserEmails,
  directoryUsers,
  groupMemberships,
  roleAssignments,
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

/** Inserts or merges users (clearing any tombstone) and rewrites their addresses. */
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
  for (const chunk of chunks(rows)) {
    await db
      .insert(directoryUsers)
      .values(chunk)
      .onConflictDoUpdate({
        target: [directoryUsers.integrationId, directoryUsers.id],
        set: {
          displayName: sql`excluded.display_name`,
          mail: sql`excluded.mail`,
          userPrincipalName: sql`excluded.user_principal_name`,
          jobTitle: sql`excluded.job_title`,
          department: sql`excluded.department`,
          accountEnabled: sql`excluded.account_enabled`,
          userType: sql`excluded.user_type`,
          otherMails: sql`excluded.other_mails`,
          proxyAddresses: sql`excluded.proxy_addresses`,
          managerId: sql`excluded.manager_id`,
          deletedAt: sql`null`,
          seenInRun: sql`excluded.seen_in_run`,
        },
      });
  }
  await deleteAddresses(db, integrationId, ids);
  const addresses = rows.flatMap((row) =>
    userAddresses(row).map(({ address, rank }) => ({
      integrationId,
      address: normaliseAddress(address),
      rank,
      userId: row.id,
    })),
  );
  for (const chunk of chunks(addresses)) {
    await db.insert(directoryUserEmails).values(chunk).onConflictDoNothing();
  }
  return rows.length;
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
  return rows.length;
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
  // Graph repeats items: one statement must not touch the same row twice (ON CONFLICT refuses).
  const unique = [...new Map(memberships.map((m) => [`${m.groupId}\u0000${m.memberId}`, m])).values()];
  for (const chunk of chunks(unique)) {
    // xmax = 0 only for freshly inserted rows: re-seen rows are refreshed but not counted as changes.
    const rows = await db
      .insert(groupMemberships)
      .values(chunk.map((m) => ({ ...m, integrationId, seenInRun })))
      .onConflictDoUpdate({
        target: [groupMemberships.integrationId, groupMemberships.groupId, groupMemberships.memberId],
        set: { seenInRun: sql`excluded.seen_in_run`, memberType: sql`excluded.member_type` },
      })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    added += rows.filter((row) => row.inserted).length;
  }
  return added;
}

export async function removeMemberships(
  db: Database,
  integrationId: string,
  memberships: Pick<Membership, "groupId" | "memberId">[],
): Promise<number> {
  let removed = 0;
  for (const chunk of chunks(memberships)) {
    const rows = await db
      .delete(groupMemberships)
      .where(
        and(
          eq(groupMemberships.integrationId, integrationId),
          or(
            ...chunk.map((m) => and(eq(groupMemberships.groupId, m.groupId), eq(groupMemberships.memberId, m.memberId))),
          ),
        ),
      )
      .returning({ groupId: groupMemberships.groupId });
    removed += rows.length;
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

function notSeenIn(seenInRun: Column, runId: string) {
  return or(isNull(seenInRun), ne(seenInRun, runId));
}
