// Users from `/users/delta` to the mirror: each page's items become user patches, tombstones
// (soft-deleted) and removals (hard-deleted), applied through src/mirror/users.ts.
import { markUsersDeleted, removeUsers, upsertUsers, type UserPatch } from "../../mirror/users.js";
import { lastStateById, presentFields, type DirectoryObject } from "./delta-round.js";
import type { SyncCounters, SyncOptions } from "./types.js";

/** A user as a delta round sends it: whole in a round without a token, else only what changed. */
export interface UserItem extends DirectoryObject {
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string;
  jobTitle?: string | null;
  department?: string | null;
  accountEnabled?: boolean | null;
  userType?: string | null;
  otherMails?: string[];
  proxyAddresses?: string[];
  /** The manager, when it changed (or always, for a whole user who has one); removed ones are marked. */
  "manager@delta"?: DirectoryObject[];
}

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
] as const satisfies readonly (keyof UserItem)[];

export const USERS_DELTA = `/v1.0/users/delta?$select=${[...USER_FIELDS, "manager"].join(",")}`;

/** Applies one page of users; `whole`: its items are users' full state (a round without a token). */
export async function applyUsers(
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
    const removed = item["@removed"];
    // Graph's removal "might include" why: gone for good only when it says so; a removal it gives
    // no reason for keeps the person as a restorable tombstone, as a soft deletion (changed) does.
    if (!removed) patches.push(userPatch(item, whole));
    else if (removed.reason === "deleted") hardDeleted.push(item.id);
    else softDeleted.push(item.id);
  }
  counters.usersUpserted += await upsertUsers(db, integrationId, patches, runId);
  counters.usersRemoved += await markUsersDeleted(db, integrationId, softDeleted);
  counters.usersRemoved += await removeUsers(db, integrationId, hardDeleted);
}

/** `whole`: the item is the user's full state (a round without a token), not a change. */
function userPatch(item: UserItem, whole: boolean): UserPatch {
  const patch: UserPatch = { ...presentFields(item, USER_FIELDS), id: item.id };
  const managers = item["manager@delta"];
  // Graph leaves manager@delta out of a whole user who has no manager: absent means none there,
  // not "unchanged", or a full resync would keep a manager the user lost while the token was
  // expired; but not when the run listed the user already, maybe with one (src/mirror/users.ts).
  if (!managers && whole) patch.managerUnlisted = true;
  if (managers) {
    const current = managers.find((manager) => !manager["@removed"]);
    patch.managerId = current?.id ?? null;
  }
  return patch;
}
