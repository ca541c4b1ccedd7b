// What a users, groups or service principals delta round holds: everything at first, then what
// changed since a token.
import type { ItemSource, Json } from "./paging.js";
import { GROUP_SCHEMA, pick, SERVICE_PRINCIPAL_SCHEMA, USER_SCHEMA, type Schema, type Selection } from "./selection.js";
import type { Change, GroupChange, ServicePrincipalChange, Tenant, UserChange } from "./tenant.js";
import type { Group, ServicePrincipal, User } from "./types.js";

type Reference = { "@odata.type": string; id: string; "@removed"?: { reason: "deleted" } };

export function usersDelta(tenant: Tenant, select: Selection, sinceSeq: number | null): ItemSource {
  if (sinceSeq === null) {
    const users = tenant.users;
    if (tenant.deltaRepeatsUsers) {
      // Each user twice: whole with the manager, then again with the properties alone.
      return { count: users.length * 2, item: (i) => (i % 2 === 0 ? fullUser : userWithoutManager)(users[i >> 1] as User, select) };
    }
    return { count: users.length, item: (i) => fullUser(users[i] as User, select) };
  }
  const items: Json[] = [];
  for (const [id, changes] of changesSince(tenant, sinceSeq, "user")) {
    const user = tenant.user(id);
    if (!user) {
      // Soft-deleted users can come back, so Graph calls them "changed"; gone for good is "deleted".
      const reason = tenant.deletedUser(id) ? "changed" : "deleted";
      items.push({ id, "@removed": tenant.removalsWithoutReason ? {} : { reason } });
    } else {
      const fresh = changes.some((c) => c.op === "create" || c.op === "restore");
      const item = fresh ? fullUser(user, select) : changedProperties(user, changes, select, USER_SCHEMA);
      const manager = select.relationship ? managerDelta(user, changes) : undefined;
      if (manager) item["manager@delta"] = manager;
      if (fresh || Object.keys(item).length > 1) items.push(item);
    }
  }
  return fromArray(items);
}

export function groupsDelta(
  tenant: Tenant,
  select: Selection,
  sinceSeq: number | null,
  memberPageSize: number,
): ItemSource {
  // Member types are fixed now: a nested group deleted mid-round must still render as a group.
  const groupIds = new Set(tenant.groups.map((g) => g.id));
  const refOf = (id: string): Reference => (groupIds.has(id) ? groupRef(id) : userRef(id));
  if (sinceSeq === null) {
    const units: Array<{ group: Group; chunk: number }> = [];
    for (const group of tenant.groups) {
      const chunks = select.relationship ? Math.max(1, Math.ceil(group.members.length / memberPageSize)) : 1;
      for (let chunk = 0; chunk < chunks; chunk++) units.push({ group, chunk });
    }
    return {
      count: units.length,
      item: (i) => {
        const { group, chunk } = units[i] as { group: Group; chunk: number };
        const members = group.members.slice(chunk * memberPageSize, (chunk + 1) * memberPageSize).map(refOf);
        return groupItem(group, chunk === 0 ? pick(group, select.properties, GROUP_SCHEMA) : { id: group.id }, members, select);
      },
    };
  }
  const items: Json[] = [];
  for (const [id, changes] of changesSince(tenant, sinceSeq, "group")) {
    const group = tenant.group(id);
    if (!group) {
      items.push({ id, "@removed": { reason: "deleted" } });
      continue;
    }
    const created = changes.some((c) => c.op === "create");
    const head = created ? pick(group, select.properties, GROUP_SCHEMA) : changedProperties(group, changes, select, GROUP_SCHEMA);
    const members = !select.relationship
      ? []
      : created
        ? group.members.map(refOf)
        : memberChanges(group, changes);
    if (!created && tenant.deltaRepeatsChanges) {
      items.push(groupItem(group, head, [], select), ...memberChangesInOrder(changes).map((ref) => groupItem(group, { id }, [ref], select)));
      continue;
    }
    if (!created && Object.keys(head).length === 1 && members.length === 0) continue;
    for (let start = 0; start === 0 || start < members.length; start += memberPageSize) {
      const part = members.slice(start, start + memberPageSize);
      items.push(groupItem(group, start === 0 ? head : { id }, part, select));
    }
  }
  return fromArray(items);
}

/**
 * Service principals whole, or those changed since a token: a changed one carries the selected
 * properties that changed, only its id when what changed is not selected.
 */
export function servicePrincipalsDelta(tenant: Tenant, select: Selection, sinceSeq: number | null): ItemSource {
  if (sinceSeq === null) {
    const all = tenant.servicePrincipals;
    return { count: all.length, item: (i) => pick(all[i] as ServicePrincipal, select.properties, SERVICE_PRINCIPAL_SCHEMA) };
  }
  const items: Json[] = [];
  for (const [id, changes] of changesSince(tenant, sinceSeq, "servicePrincipal")) {
    const sp = tenant.servicePrincipal(id);
    if (!sp) items.push({ id, "@removed": { reason: "deleted" } });
    else if (changes.some((c) => c.op === "create")) items.push(pick(sp, select.properties, SERVICE_PRINCIPAL_SCHEMA));
    else items.push(changedProperties(sp, changes, select, SERVICE_PRINCIPAL_SCHEMA));
  }
  return fromArray(items);
}

function fullUser(user: User, select: Selection): Json {
  const item = pick(user, select.properties, USER_SCHEMA);
  if (select.relationship && user.managerId !== null) item["manager@delta"] = [userRef(user.managerId)];
  return item;
}

function userWithoutManager(user: User, select: Selection): Json {
  return pick(user, select.properties, USER_SCHEMA);
}

/** The manager now, or the one lost, when it differs from the manager at the token's time. */
function managerDelta(user: User, changes: readonly UserChange[]): Reference[] | undefined {
  const first = changes.find((c) => c.op === "manager");
  if (!first || first.before === user.managerId) return undefined;
  if (user.managerId !== null) return [userRef(user.managerId)];
  return [{ ...userRef(first.before as string), "@removed": { reason: "deleted" } }];
}

/** Split parts of a group repeat its id; only the first carries its properties. */
function groupItem(group: Group, head: Json, members: readonly Reference[], select: Selection): Json {
  const item: Json = { ...head, id: group.id };
  if (select.relationship && members.length > 0) item["members@delta"] = members;
  return item;
}

/** The id and the selected properties that changed (Graph sends at least those). */
function changedProperties(
  object: object,
  changes: readonly (UserChange | GroupChange | ServicePrincipalChange)[],
  select: Selection,
  schema: Schema,
): Json {
  const changed = new Set(changes.flatMap((c) => (c.op === "update" ? c.props : [])));
  return pick(object, select.properties.filter((p) => p === "id" || changed.has(p)), schema);
}

/** Net member additions and removals: a member added then removed again is no change. */
function memberChanges(group: Group, changes: readonly GroupChange[]): Reference[] {
  const before = new Map<string, { wasMember: boolean; type: "user" | "group" }>();
  for (const change of changes) {
    if (change.op === "member" && !before.has(change.memberId)) {
      before.set(change.memberId, { wasMember: !change.added, type: change.memberType });
    }
  }
  if (before.size === 0) return [];
  const now = new Set(group.members);
  const refs: Reference[] = [];
  for (const [memberId, { wasMember, type }] of before) {
    if (now.has(memberId) === wasMember) continue;
    const ref = type === "group" ? groupRef(memberId) : userRef(memberId);
    refs.push(wasMember ? { ...ref, "@removed": { reason: "deleted" } } : ref);
  }
  return refs;
}

/** Every addition and removal of a member, in the order made (Tenant.deltaRepeatsChanges). */
function memberChangesInOrder(changes: readonly GroupChange[]): Reference[] {
  return changes.flatMap((change) => {
    if (change.op !== "member") return [];
    const ref = change.memberType === "group" ? groupRef(change.memberId) : userRef(change.memberId);
    return [change.added ? ref : { ...ref, "@removed": { reason: "deleted" } }];
  });
}

type ChangeOf<K extends Change["kind"]> = Extract<Change, { kind: K }>["change"];

function changesSince<K extends Change["kind"]>(tenant: Tenant, seq: number, kind: K): Map<string, ChangeOf<K>[]> {
  const byId = new Map<string, ChangeOf<K>[]>();
  for (let i = seq; i < tenant.changes.length; i++) {
    const entry = tenant.changes[i];
    if (entry?.kind !== kind) continue;
    let list = byId.get(entry.id);
    if (!list) byId.set(entry.id, (list = []));
    list.push(entry.change as ChangeOf<K>);
  }
  return byId;
}

function fromArray(items: readonly Json[]): ItemSource {
  return { count: items.length, item: (i) => items[i] as Json };
}

function userRef(id: string): Reference {
  return { "@odata.type": "#microsoft.graph.user", id };
}

function groupRef(id: string): Reference {
  return { "@odata.type": "#microsoft.graph.group", id };
}
