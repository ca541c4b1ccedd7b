// What "the mirror equals the tenant" means, checked against the emulator's own directory:
// users and their fields, tombstones, addresses, groups, direct memberships, the transitive
// closure as our loader computes it, role definitions, and role assignments active and eligible.
//
// The mirror is only read here (plain selects, and the loader readers use); the sync is its
// only writer.
import { asc, eq } from "drizzle-orm";
import { expect } from "vitest";
import type { Database } from "../../src/db/client.js";
import {
  appRoleAssignments,
  directoryGroups,
  directoryRoles,
  directoryUserEmails,
  directoryUsers,
  groupMemberships,
  integrations,
  roleAssignments,
  userSignIns,
} from "../../src/db/schema.js";
import { transitiveGroupsLoader } from "../../src/loaders/groups.js";
import type { Tenant } from "../emulator/tenant.js";
import type { Group, User } from "../emulator/types.js";

/** Every mirror row of one integration, in a stable order: equal snapshots mean an unchanged mirror. */
export async function readMirror(db: Database, integrationId: string) {
  return {
    users: await db
      .select()
      .from(directoryUsers)
      .where(eq(directoryUsers.integrationId, integrationId))
      .orderBy(asc(directoryUsers.id)),
    emails: await db
      .select()
      .from(directoryUserEmails)
      .where(eq(directoryUserEmails.integrationId, integrationId))
      .orderBy(asc(directoryUserEmails.address), asc(directoryUserEmails.userId)),
    groups: await db
      .select()
      .from(directoryGroups)
      .where(eq(directoryGroups.integrationId, integrationId))
      .orderBy(asc(directoryGroups.id)),
    memberships: await db
      .select()
      .from(groupMemberships)
      .where(eq(groupMemberships.integrationId, integrationId))
      .orderBy(asc(groupMemberships.groupId), asc(groupMemberships.memberId)),
    roles: await db
      .select()
      .from(directoryRoles)
      .where(eq(directoryRoles.integrationId, integrationId))
      .orderBy(asc(directoryRoles.id)),
    assignments: await db
      .select()
      .from(roleAssignments)
      .where(eq(roleAssignments.integrationId, integrationId))
      .orderBy(asc(roleAssignments.roleId), asc(roleAssignments.principalId)),
    appAssignments: await db
      .select()
      .from(appRoleAssignments)
      .where(eq(appRoleAssignments.integrationId, integrationId))
      .orderBy(asc(appRoleAssignments.id)),
    signIns: await db.select().from(userSignIns).where(eq(userSignIns.integrationId, integrationId)).orderBy(asc(userSignIns.userId)),
  };
}

export type MirrorSnapshot = Awaited<ReturnType<typeof readMirror>>;

export interface MirrorExpectation {
  /**
   * Users the mirror has seen at some earlier check. A user hired and soft-deleted between two
   * syncs reaches us only as `{id, @removed}`: there is nothing to keep a tombstone of, so only
   * soft-deleted users in this set are expected as tombstones. Absent: every soft-deleted user is.
   */
  everSynced?: ReadonlySet<string>;
}

/** Asserts the mirror matches the tenant; returns the snapshot it read. */
export async function expectMirrorEqualsTenant(
  db: Database,
  integrationId: string,
  tenant: Tenant,
  expectation: MirrorExpectation = {},
): Promise<MirrorSnapshot> {
  const mirror = await readMirror(db, integrationId);
  const active = mirror.users.filter((row) => row.deletedAt === null);
  const tombstones = mirror.users.filter((row) => row.deletedAt !== null);

  expect(differences(active.map(mirrorUser), tenant.users.map(tenantUser)), "active users").toEqual([]);

  const softDeleted = tenant.deletedUsers
    .map((user) => user.id)
    .filter((id) => !expectation.everSynced || expectation.everSynced.has(id));
  expect(tombstones.map((row) => row.id).sort(), "tombstones (accountStatus DELETED)").toEqual(softDeleted.sort());

  // Active users only: a tombstone's addresses may still name it for past traces.
  const activeIds = new Set(active.map((row) => row.id));
  const addresses = mirror.emails.filter((row) => activeIds.has(row.userId)).map((row) => `${row.userId} ${row.address}`);
  expect(
    differences(
      groupBy(addresses, (line) => line.split(" ")[0] as string),
      groupBy(tenant.users.flatMap((user) => tenantAddresses(user).map((a) => `${user.id} ${a}`)), (line) => line.split(" ")[0] as string),
    ),
    "email addresses",
  ).toEqual([]);

  expect(differences(mirror.groups.map(mirrorGroup), tenant.groups.map(tenantGroup)), "groups").toEqual([]);

  const groupIds = new Set(tenant.groups.map((group) => group.id));
  expect(
    mirror.memberships.map((m) => `${m.groupId} ${m.memberId} ${m.memberType}`).sort(),
    "direct memberships",
  ).toEqual(
    tenant.groups
      .flatMap((group) => group.members.map((member) => `${group.id} ${member} ${groupIds.has(member) ? "group" : "user"}`))
      .sort(),
  );

  const [integration] = await db.select().from(integrations).where(eq(integrations.id, integrationId));
  const principals = [...tenant.users.map((user) => user.id), ...tenant.groups.map((group) => group.id)];
  const loaded = await transitiveGroupsLoader(db, integration!.orgId).loadMany(principals);
  const ourClosure = principals.map((id, i) => {
    const groups = loaded[i];
    if (groups instanceof Error) throw groups;
    return { id, groups: groups!.map((group) => group.id).sort() };
  });
  const theirClosure = closureOf(tenant, principals);
  expect(differences(ourClosure, theirClosure), "transitive groups").toEqual([]);

  const { roleManagement } = tenant;
  expect(
    mirror.roles.map(({ id, displayName, roleTemplateId }) => ({ id, displayName, roleTemplateId })).sort((a, b) => compare(a.id, b.id)),
    "role definitions",
  ).toEqual(
    roleManagement.definitions
      .map(({ id, displayName, templateId }) => ({ id, displayName, roleTemplateId: templateId }))
      .sort((a, b) => compare(a.id, b.id)),
  );
  const grant = (state: string, a: { roleDefinitionId: string; principalId: string; directoryScopeId: string }) =>
    `${state} ${a.roleDefinitionId} ${a.principalId} ${a.directoryScopeId}`;
  expect(
    mirror.assignments.map((a) => `${a.state} ${a.roleId} ${a.principalId} ${a.directoryScopeId}`).sort(),
    "role assignments, active and eligible",
  ).toEqual(
    [
      ...new Set([
        ...roleManagement.assignments.map((a) => grant("ACTIVE", a)),
        ...roleManagement.eligibilities.map((e) => grant("ELIGIBLE", e)),
      ]),
    ].sort(),
  );
  return mirror;
}

/** Ids of every user in a snapshot, tombstones included. */
export function userIdsOf(snapshot: MirrorSnapshot): string[] {
  return snapshot.users.map((row) => row.id);
}

const USER_FIELDS = [
  "displayName",
  "mail",
  "userPrincipalName",
  "jobTitle",
  "department",
  "accountEnabled",
  "userType",
  "otherMails",
  "proxyAddresses",
  "managerId",
] as const;

type Comparable = { id: string } & Record<string, unknown>;

function mirrorUser(row: MirrorSnapshot["users"][number]): Comparable {
  return { id: row.id, ...Object.fromEntries(USER_FIELDS.map((field) => [field, row[field]])) };
}

function tenantUser(user: User): Comparable {
  return {
    id: user.id,
    ...Object.fromEntries(USER_FIELDS.map((field) => [field, field === "otherMails" || field === "proxyAddresses" ? [...user[field]] : user[field]])),
  };
}

function mirrorGroup(row: MirrorSnapshot["groups"][number]): Comparable {
  const { id, displayName, mail, description, kind } = row;
  return { id, displayName, mail, description, kind };
}

/** The kind as Microsoft documents it (groupTypes "Unified", then mailEnabled and securityEnabled), worked out here independently of our groupKind. */
function tenantGroup(group: Group): Comparable {
  const { id, displayName, mail, description } = group;
  const kind = group.groupTypes.includes("Unified")
    ? "MICROSOFT_365"
    : !group.mailEnabled
      ? "SECURITY"
      : !group.securityEnabled
        ? "DISTRIBUTION"
        : "MAIL_ENABLED_SECURITY";
  return { id, displayName, mail, description, kind };
}

/** Every address a trace may carry for the user (contract: mail, UPN, otherMails, SMTP proxies), lower-cased. */
function tenantAddresses(user: User): string[] {
  const smtp = user.proxyAddresses.filter((p) => /^smtp:/i.test(p)).map((p) => p.slice(5));
  const all = [user.mail, user.userPrincipalName, ...user.otherMails, ...smtp].filter((a): a is string => Boolean(a));
  return [...new Set(all.map((a) => a.trim().toLowerCase()))];
}

/** Each principal's groups through nesting, walked upwards from the tenant's member lists. */
function closureOf(tenant: Tenant, principals: string[]): Comparable[] {
  const parents = new Map<string, string[]>();
  for (const group of tenant.groups) {
    for (const member of group.members) parents.set(member, [...(parents.get(member) ?? []), group.id]);
  }
  return principals.map((id) => {
    const reached = new Set<string>();
    const stack = [...(parents.get(id) ?? [])];
    while (stack.length > 0) {
      const groupId = stack.pop()!;
      if (reached.has(groupId)) continue;
      reached.add(groupId);
      stack.push(...(parents.get(groupId) ?? []));
    }
    return { id, groups: [...reached].sort() };
  });
}

function groupBy(lines: string[], keyOf: (line: string) => string): Comparable[] {
  const byKey = new Map<string, string[]>();
  for (const line of lines) byKey.set(keyOf(line), [...(byKey.get(keyOf(line)) ?? []), line]);
  return [...byKey].map(([id, values]) => ({ id, values: values.sort() }));
}

/** Objects that differ by id, side by side: a readable failure for a tenant of hundreds. */
function differences(ours: Comparable[], theirs: Comparable[]) {
  const mine = new Map(ours.map((o) => [o.id, o]));
  const tenant = new Map(theirs.map((t) => [t.id, t]));
  const out: { id: string; mirror?: Comparable; tenant?: Comparable }[] = [];
  for (const id of new Set([...mine.keys(), ...tenant.keys()])) {
    const m = mine.get(id);
    const t = tenant.get(id);
    if (JSON.stringify(m) !== JSON.stringify(t)) out.push({ id, mirror: m, tenant: t });
  }
  return out.sort((a, b) => compare(a.id, b.id));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
