// Groups from `/groups/delta` to the mirror: each page's items become group patches, removals,
// and membership changes, applied through src/mirror/groups.ts and src/mirror/memberships.ts.
import { removeGroups, upsertGroups, type GroupPatch } from "../../mirror/groups.js";
import { addMemberships, removeMemberships, type Membership, type MemberType } from "../../mirror/memberships.js";
import { lastStateById, presentFields, type DirectoryObject } from "./delta-round.js";
import type { SyncCounters, SyncOptions } from "./types.js";

/** A group as a delta round sends it: whole in a round without a token, else only what changed. */
export interface GroupItem extends DirectoryObject {
  displayName?: string | null;
  mail?: string | null;
  description?: string | null;
  groupTypes?: string[];
  mailEnabled?: boolean;
  securityEnabled?: boolean;
  /** Direct members added (or, marked `@removed`, taken away); a big group's list spans several items. */
  "members@delta"?: DirectoryObject[];
}

export const GROUP_FIELDS = [
  "id",
  "displayName",
  "mail",
  "description",
  "groupTypes",
  "mailEnabled",
  "securityEnabled",
] as const satisfies readonly (keyof GroupItem)[];

export const GROUPS_DELTA = `/v1.0/groups/delta?$select=${[...GROUP_FIELDS, "members"].join(",")}`;

const MEMBER_TYPES: Record<string, MemberType> = {
  "#microsoft.graph.user": "user",
  "#microsoft.graph.group": "group",
  "#microsoft.graph.servicePrincipal": "servicePrincipal",
};

/** Applies one page of groups and their membership changes. */
export async function applyGroups(options: SyncOptions, items: GroupItem[], counters: SyncCounters): Promise<void> {
  const { db, integrationId, runId } = options;
  const removedGroups: string[] = [];
  // Member lists are not merged by lastStateById: a big group arrives as several items, each
  // with a part of its list, and every part counts. A group changed several times may come as
  // several items, a member added in one and taken away in a later one: the last word on each
  // membership, in the order the page gives them, is what stands.
  const lastWord = new Map<string, { membership: Membership; removed: boolean }>();
  for (const item of items) {
    if (item["@removed"]) continue;
    for (const member of item["members@delta"] ?? []) {
      const membership = { groupId: item.id, memberId: member.id, memberType: MEMBER_TYPES[member["@odata.type"] ?? ""] ?? "other" };
      lastWord.set(`${item.id}\u0000${member.id}`, { membership, removed: !!member["@removed"] });
    }
  }
  const words = [...lastWord.values()];
  const added = words.filter((word) => !word.removed).map((word) => word.membership);
  const removed = words.filter((word) => word.removed).map(({ membership: { groupId, memberId } }) => ({ groupId, memberId }));
  const patches: GroupPatch[] = [];
  for (const item of lastStateById(items).values()) {
    if (item["@removed"]) removedGroups.push(item.id);
    else patches.push({ ...presentFields(item, GROUP_FIELDS), id: item.id });
  }
  counters.groupsUpserted += await upsertGroups(db, integrationId, patches, runId);
  counters.membershipsChanged += await removeMemberships(db, integrationId, removed);
  counters.membershipsChanged += await addMemberships(db, integrationId, added, runId);
  counters.groupsRemoved += await removeGroups(db, integrationId, removedGroups);
}
