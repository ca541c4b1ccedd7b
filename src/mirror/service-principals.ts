// Service principals (applications' identities in the tenant) in the mirror, with their owners:
// merged from Graph's patches, removed with their memberships and role assignments.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { jsonRows } from "../db/json-rows.js";
import { directoryServicePrincipals } from "../db/schema.js";
import { oneOfKeys } from "../db/text-array.js";
import { BULK_CHUNK, chunks, firstSeenInRun, latestById, pick } from "./bulk.js";
import { removePrincipalLinks } from "./principal-links.js";

/** A service principal's new state: an absent property is unchanged, a present one is the new value. */
export interface ServicePrincipalPatch {
  id: string;
  appId?: string | null;
  displayName?: string | null;
  servicePrincipalType?: string | null;
  accountEnabled?: boolean | null;
  ownerIds?: string[];
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
      ownerIds: pick(patch, "ownerIds", current?.ownerIds) ?? [],
      seenInRun,
    };
  });
  // One JSON parameter per page, as for people and groups (src/mirror/groups.ts says why).
  for (const chunk of chunks(rows, BULK_CHUNK)) {
    await db.execute(sql`
      insert into ${sp} (integration_id, id, app_id, display_name, service_principal_type, account_enabled,
             owner_ids, seen_in_run)
      select ${integrationId}::uuid, s.id, s."appId", s."displayName", s."servicePrincipalType", s."accountEnabled",
             s."ownerIds", ${seenInRun}::uuid
        from json_to_recordset(${jsonRows(chunk)}) as s(id text, "appId" text, "displayName" text,
             "servicePrincipalType" text, "accountEnabled" boolean, "ownerIds" text[])
      on conflict (integration_id, id) do update set
             app_id = excluded.app_id, display_name = excluded.display_name,
             service_principal_type = excluded.service_principal_type, account_enabled = excluded.account_enabled,
             owner_ids = excluded.owner_ids, seen_in_run = excluded.seen_in_run`);
  }
  return firstSeenInRun(rows, existing, seenInRun);
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
