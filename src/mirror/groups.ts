// Groups in the mirror: merged from Graph's patches (their kind derived on the way), removed with
// their memberships, both as container and as nested member.
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { directoryGroups, groupMemberships } from "../db/schema.js";
import { oneOfKeys } from "../db/text-array.js";
import { groupKind } from "../directory/group-kind.js";
import { chunks, firstSeenInRun, latestById, pick, upsertById } from "./bulk.js";
import { removePrincipalLinks } from "./principal-links.js";

/** A group's new state: an absent property is unchanged, a present one (even null) is the new value. */
export interface GroupPatch {
  id: string;
  displayName?: string | null;
  mail?: string | null;
  description?: string | null;
  groupTypes?: string[] | null;
  mailEnabled?: boolean | null;
  securityEnabled?: boolean | null;
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
        .where(and(eq(directoryGroups.integrationId, integrationId), oneOfKeys(directoryGroups.id, [...byId.keys()])))
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
  await upsertById(db, directoryGroups, rows);
  return firstSeenInRun(rows, existing, seenInRun);
}

/** Removes groups with their memberships, both as container and as nested member. */
export async function removeGroups(db: Database, integrationId: string, ids: string[]): Promise<number> {
  let removed = 0;
  for (const chunk of chunks([...new Set(ids)])) {
    const rows = await db
      .delete(directoryGroups)
      .where(and(eq(directoryGroups.integrationId, integrationId), oneOfKeys(directoryGroups.id, chunk)))
      .returning({ id: directoryGroups.id });
    removed += rows.length;
    await db
      .delete(groupMemberships)
      .where(and(eq(groupMemberships.integrationId, integrationId), oneOfKeys(groupMemberships.groupId, chunk)));
    await removePrincipalLinks(db, integrationId, chunk);
  }
  return removed;
}
