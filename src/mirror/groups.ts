// Groups in the mirror: merged from Graph's patches (their kind derived on the way), removed with
// their memberships, both as container and as nested member.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { jsonRows } from "../db/json-rows.js";
import { directoryGroups, groupMemberships } from "../db/schema.js";
import { oneOfKeys } from "../db/text-array.js";
import { groupKind } from "../directory/group-kind.js";
import { BULK_CHUNK, chunks, firstSeenInRun, latestById, pick } from "./bulk.js";
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
  // The page travels as one JSON parameter, as the people's do (src/mirror/users.ts): bound a value
  // at a time through the query builder, the groups and service principals took 2.1 s of the
  // syncing process's 14 s of CPU in a 100,000-user full sync (BENCHMARKS.md).
  for (const chunk of chunks(rows, BULK_CHUNK)) {
    await db.execute(sql`
      insert into ${directoryGroups} (integration_id, id, display_name, mail, description, group_types,
             mail_enabled, security_enabled, kind, seen_in_run)
      select ${integrationId}::uuid, g.id, g."displayName", g.mail, g.description, g."groupTypes",
             g."mailEnabled", g."securityEnabled", g.kind, ${seenInRun}::uuid
        from json_to_recordset(${jsonRows(chunk)}) as g(id text, "displayName" text, mail text,
             description text, "groupTypes" text[], "mailEnabled" boolean, "securityEnabled" boolean, kind text)
      on conflict (integration_id, id) do update set
             display_name = excluded.display_name, mail = excluded.mail, description = excluded.description,
             group_types = excluded.group_types, mail_enabled = excluded.mail_enabled,
             security_enabled = excluded.security_enabled, kind = excluded.kind, seen_in_run = excluded.seen_in_run`);
  }
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
