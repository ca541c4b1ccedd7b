// Directory sync: reads users, groups and directory roles from Microsoft Graph (delta queries)
// and applies them page by page to the mirror.
//
// The caller runs this inside one database transaction, so readers keep the last good mirror
// until the run commits, and a failed or killed run leaves nothing half-applied. Memory is
// bounded by a Graph page: nothing is accumulated across pages but counters and ids of
// pages' own items.
import type { Database } from "../db/client.js";
import type { GraphClient } from "./graph-client.js";
import { GraphError } from "./graph-client.js";
import { syncServicePrincipals } from "./sync-service-principals.js";
import { removeGroups, upsertGroups, type GroupPatch } from "../mirror/groups.js";
import { addMemberships, removeMemberships, type Membership, type MemberType } from "../mirror/memberships.js";
import { replaceRoles, type RoleRow } from "../mirror/roles.js";
import { analyzeMirror } from "../mirror/statistics.js";
import { sweepUnseen } from "../mirror/sweep.js";
import { markUsersDeleted, removeUsers, upsertUsers, type UserPatch } from "../mirror/users.js";

export type SyncMode = "FULL" | "INCREMENTAL";

export const USER_FIELDS = [
  "id",
  "displayName",
  "mail",
  "userPrincipalName",
  "jobTitle",
  "department",
  "accountEnabled",
  "userType",
  "otherMails",
  "proxyAddresses",
] as const;

export const GROUP_FIELDS = ["id", "displayName", "mail", "description", "groupTypes", "mailEnabled", "securityEnabled"] as const;

export const USERS_DELTA = `/v1.0/users/delta?$select=${[...USER_FIELDS, "manager"].join(",")}`;
export const GROUPS_DELTA = `/v1.0/groups/delta?$select=${[...GROUP_FIELDS, "members"].join(",")}`;
export const DIRECTORY_ROLES = "/v1.0/directoryRoles?$select=id,displayName,roleTemplateId";

export interface DeltaLinks {
  users: string | null;
  groups: string | null;
}

export interface SyncCounters {
  usersUpserted: number;
  usersRemoved: number;
  groupsUpserted: number;
  groupsRemoved: number;
  membershipsChanged: number;
}

/** A part of the directory the app may not read: skipped, and reported, while the rest syncs. */
export interface SkippedResource {
  resource: "users" | "groups" | "directoryRoles" | "servicePrincipals";
  code: string;
  message: string;
}

export interface SyncResult {
  /** FULL when asked, or when Graph expired the delta token and the run started over. */
  mode: SyncMode;
  counters: SyncCounters;
  deltaLinks: DeltaLinks;
  skipped: SkippedResource[];
}

export interface SyncOptions {
  db: Database;
  graph: GraphClient;
  integrationId: string;
  runId: string;
  mode: SyncMode;
  /** The links the last successful run stored; ignored for a full run. */
  deltaLinks: DeltaLinks;
  /** Told after each delta page is applied (progress bars, metrics); `items` counts its objects. */
  onPage?: (page: SyncPage) => void;
}

export interface SyncPage {
  resource: "users" | "groups";
  items: number;
}

type Removed = { "@removed"?: { reason?: string } };
type DirectoryObject = { id: string; "@odata.type"?: string } & Removed;
type UserItem = DirectoryObject & Record<string, unknown> & { "manager@delta"?: DirectoryObject[] };
type GroupItem = DirectoryObject & Record<string, unknown> & { "members@delta"?: DirectoryObject[] };

/** Graph's answers that mean a stored delta token is no longer usable: start the round over. */
function isExpiredDelta(error: unknown): boolean {
  return (
    error instanceof GraphError &&
    (error.status === 410 || error.code === "syncStateNotFound" || error.code === "resyncRequired")
  );
}

/** Graph's answer when the app lacks the permission a resource needs. */
function isPermissionDenied(error: unknown): error is GraphError {
  return error instanceof GraphError && (error.status === 403 || error.code === "Authorization_RequestDenied");
}

export async function syncDirectory(options: SyncOptions): Promise<SyncResult> {
  const counters: SyncCounters = {
    usersUpserted: 0,
    usersRemoved: 0,
    groupsUpserted: 0,
    groupsRemoved: 0,
    membershipsChanged: 0,
  };
  const skipped: SkippedResource[] = [];
  let mode = options.mode;
  let deltaLinks: DeltaLinks = { users: null, groups: null };
  try {
    deltaLinks = await readDeltaRounds(options, mode, counters, skipped);
  } catch (error) {
    if (mode === "FULL" || !isExpiredDelta(error)) throw error;
    // The token outlived Graph's change tracking (about 7 days): re-read everything, then sweep.
    mode = "FULL";
    skipped.length = 0;
    deltaLinks = await readDeltaRounds(options, mode, counters, skipped);
  }
  if (mode === "FULL") {
    // Whatever a full round did not see is gone from the tenant. Skipped resources were not
    // read at all, so a sweep would wrongly empty them; sweep only when everything was read.
    if (skipped.every((s) => s.resource === "directoryRoles")) {
      const swept = await sweepUnseen(options.db, options.integrationId, options.runId);
      counters.usersRemoved += swept.users;
      counters.groupsRemoved += swept.groups;
      counters.membershipsChanged += swept.memberships;
    }
  }
  await syncRoles(options, skipped);
  await syncServicePrincipals(options, skipped);
  // A full run rewrites the mirror wholesale: give the planner its new shape before readers see it.
  if (mode === "FULL") await analyzeMirror(options.db);
  return { mode, counters, deltaLinks, skipped };
}

async function readDeltaRounds(
  options: SyncOptions,
  mode: SyncMode,
  counters: SyncCounters,
  skipped: SkippedResource[],
): Promise<DeltaLinks> {
  const start = (stored: string | null, initial: string) => (mode === "INCREMENTAL" && stored ? stored : initial);
  const usersUrl = start(options.deltaLinks.users, USERS_DELTA);
  // A round started without a token lists every user whole: a missing manager@delta means none.
  const wholeUsers = usersUrl === USERS_DELTA;
  const users = await readRound(options, "users", usersUrl, skipped, (items) =>
    applyUsers(options, items as UserItem[], counters, wholeUsers),
  );
  const groups = await readRound(options, "groups", start(options.deltaLinks.groups, GROUPS_DELTA), skipped, (items) =>
    applyGroups(options, items as GroupItem[], counters),
  );
  return { users, groups };
}

/** Follows one delta round to its end; returns the deltaLink to store (null if skipped). */
async function readRound(
  options: SyncOptions,
  resource: "users" | "groups",
  url: string,
  skipped: SkippedResource[],
  apply: (items: unknown[]) => Promise<void>,
): Promise<string | null> {
  try {
    let deltaLink: string | null = null;
    for await (const page of options.graph.pages<unknown>(url)) {
      await apply(page.value);
      options.onPage?.({ resource, items: page.value.length });
      deltaLink = page["@odata.deltaLink"] ?? deltaLink;
    }
    return deltaLink;
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    skipped.push({ resource, code: error.code, message: error.message });
    return null;
  }
}

/** Repeated items within a page: their changes merge, and the last removal or restore wins. */
function lastStateById<T extends DirectoryObject>(items: T[]): Map<string, T> {
  const byId = new Map<string, T>();
  for (const item of items) {
    const previous = byId.get(item.id);
    byId.set(item.id, previous && !item["@removed"] && !previous["@removed"] ? { ...previous, ...item } : item);
  }
  return byId;
}

async function applyUsers(
  options: SyncOptions,
  items: UserItem[],
  counters: SyncCounters,
  whole: boolean,
): Promise<void> {
  const { db, integrationId, runId } = options;
  const patches: UserPatch[] = [];
  const softDeleted: string[] = [];
  const hardDeleted: string[] = [];
  for (const item of lastStateById(items).values()) {
    const reason = item["@removed"]?.reason;
    if (reason === "changed") softDeleted.push(item.id);
    else if (reason) hardDeleted.push(item.id);
    else patches.push(userPatch(item, whole));
  }
  counters.usersUpserted += await upsertUsers(db, integrationId, patches, runId);
  counters.usersRemoved += await markUsersDeleted(db, integrationId, softDeleted);
  counters.usersRemoved += await removeUsers(db, integrationId, hardDeleted);
}

/** Only the properties an item carries: in later rounds Graph sends just what changed. */
function presentFields(item: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((field) => field in item).map((field) => [field, item[field]]));
}

/** `whole`: the item is the user's full state (a round without a token), not a change. */
function userPatch(item: UserItem, whole: boolean): UserPatch {
  const patch = { ...presentFields(item, USER_FIELDS), id: item.id } as UserPatch;
  const managers = item["manager@delta"];
  // Graph leaves manager@delta out of a whole user who has no manager: absent means none there,
  // not "unchanged", or a full resync would keep a manager the user lost while the token was expired.
  if (!managers && whole) patch.managerId = null;
  if (managers) {
    const current = managers.find((manager) => !manager["@removed"]);
    patch.managerId = current?.id ?? null;
  }
  return patch;
}

function groupPatch(item: GroupItem): GroupPatch {
  return { ...presentFields(item, GROUP_FIELDS), id: item.id } as GroupPatch;
}

const MEMBER_TYPES: Record<string, MemberType> = {
  "#microsoft.graph.user": "user",
  "#microsoft.graph.group": "group",
  "#microsoft.graph.servicePrincipal": "servicePrincipal",
};

async function applyGroups(options: SyncOptions, items: GroupItem[], counters: SyncCounters): Promise<void> {
  const { db, integrationId, runId } = options;
  const removedGroups: string[] = [];
  const added: Membership[] = [];
  const removed: Pick<Membership, "groupId" | "memberId">[] = [];
  // Member lists are not merged by lastStateById: a big group arrives as several items, each
  // with a part of its list, and every part counts.
  for (const item of items) {
    if (item["@removed"]) continue;
    for (const member of item["members@delta"] ?? []) {
      const membership = { groupId: item.id, memberId: member.id };
      if (member["@removed"]) removed.push(membership);
      else added.push({ ...membership, memberType: MEMBER_TYPES[member["@odata.type"] ?? ""] ?? "other" });
    }
  }
  const patches: GroupPatch[] = [];
  for (const item of lastStateById(items).values()) {
    if (item["@removed"]) removedGroups.push(item.id);
    else patches.push(groupPatch(item));
  }
  counters.groupsUpserted += await upsertGroups(db, integrationId, patches, runId);
  counters.membershipsChanged += await removeMemberships(db, integrationId, removed);
  counters.membershipsChanged += await addMemberships(db, integrationId, added, runId);
  counters.groupsRemoved += await removeGroups(db, integrationId, removedGroups);
}

/** Directory roles have no delta and are few: read whole, replaced whole. */
async function syncRoles(options: SyncOptions, skipped: SkippedResource[]): Promise<void> {
  const roles: RoleRow[] = [];
  try {
    for await (const page of options.graph.pages<{ id: string; displayName: string; roleTemplateId: string }>(
      DIRECTORY_ROLES,
    )) {
      for (const role of page.value) {
        const memberIds: string[] = [];
        for await (const members of options.graph.pages<{ id: string }>(
          `/v1.0/directoryRoles/${encodeURIComponent(role.id)}/members?$select=id`,
        )) {
          memberIds.push(...members.value.map((member) => member.id));
        }
        roles.push({ ...role, memberIds });
      }
    }
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    skipped.push({ resource: "directoryRoles", code: error.code, message: error.message });
    return;
  }
  await replaceRoles(options.db, options.integrationId, roles);
}
