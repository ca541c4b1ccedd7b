// Service principals (applications' identities in the tenant) in the mirror, with their owners:
// merged from Graph's patches, their owners replaced when read again, removed with their
// memberships and role assignments.
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { jsonRows } from "../db/json-rows.js";
import { selectRows } from "../db/rows.js";
import { directoryServicePrincipals } from "../db/schema.js";
import { oneOfKeys } from "../db/text-array.js";
import { BULK_CHUNK, chunks, firstSeenInRun, latestById, pick, upsertById } from "./bulk.js";
import { removePrincipalLinks } from "./principal-links.js";

/** A service principal's new state: an absent property is unchanged, a present one is the new value. */
export interface ServicePrincipalPatch {
  id: string;
  appId?: string | null;
  displayName?: string | null;
  servicePrincipalType?: string | null;
  accountEnabled?: boolean | null;
  appRoleAssignmentRequired?: boolean | null;
  ownerIds?: string[];
  /** When `ownerIds` were read; present with them. */
  ownersReadAt?: Date;
}

/** A principal's owners as read at one moment. */
export interface PrincipalOwners {
  id: string;
  ownerIds: string[];
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
    (await db.select().from(sp).where(and(eq(sp.integrationId, integrationId), oneOfKeys(sp.id, [...byId.keys()])))).map(
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
      appRoleAssignmentRequired: pick(patch, "appRoleAssignmentRequired", current?.appRoleAssignmentRequired ?? null),
      ownerIds: pick(patch, "ownerIds", current?.ownerIds) ?? [],
      ownersReadAt: pick(patch, "ownersReadAt", current?.ownersReadAt ?? null),
      seenInRun,
    };
  });
  await upsertById(db, sp, rows);
  return firstSeenInRun(rows, existing, seenInRun);
}

/** The principals whose owners were never read, or read before `before`. */
export async function principalsWithOwnersReadBefore(db: Database, integrationId: string, before: Date): Promise<string[]> {
  const sp = directoryServicePrincipals;
  const rows = await db
    .select({ id: sp.id })
    .from(sp)
    .where(and(eq(sp.integrationId, integrationId), or(isNull(sp.ownersReadAt), lt(sp.ownersReadAt, before))));
  return rows.map((row) => row.id);
}

/**
 * Replaces the owners of the principals the mirror holds with `owners`, read at `readAt`.
 * Returns how many principals' owners changed (the same owners in another order are no change).
 */
export async function replaceOwners(db: Database, integrationId: string, owners: PrincipalOwners[], readAt: Date): Promise<number> {
  let changed = 0;
  for (const chunk of chunks(owners, BULK_CHUNK)) {
    // `before` is the table as the statement began: the owners each row held until now.
    const rows = await selectRows<{ changed: boolean }>(db, sql`
      update ${directoryServicePrincipals} sp
      set owner_ids = r."ownerIds", owners_read_at = ${readAt.toISOString()}::timestamptz
      from json_to_recordset(${jsonRows(chunk)}) as r(id text collate "C", "ownerIds" text[]), ${directoryServicePrincipals} before
      where sp.integration_id = ${integrationId} and sp.id = r.id
        and before.integration_id = sp.integration_id and before.id = sp.id
      returning not (before.owner_ids @> r."ownerIds" and before.owner_ids <@ r."ownerIds") as changed`);
    changed += rows.filter((row) => row.changed).length;
  }
  return changed;
}

/** Gone from the tenant: removed with their group memberships and role assignments. */
export async function removeServicePrincipals(db: Database, integrationId: string, ids: string[]): Promise<number> {
  let removed = 0;
  for (const chunk of chunks([...new Set(ids)])) {
    const rows = await db
      .delete(directoryServicePrincipals)
      .where(and(eq(directoryServicePrincipals.integrationId, integrationId), oneOfKeys(directoryServicePrincipals.id, chunk)))
      .returning({ id: directoryServicePrincipals.id });
    removed += rows.length;
    await removePrincipalLinks(db, integrationId, chunk);
  }
  return removed;
}
