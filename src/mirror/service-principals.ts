// Service principals (applications' identities in the tenant) in the mirror, with their owners:
// merged from Graph's patches, removed with their memberships and role assignments.
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { directoryServicePrincipals } from "../db/schema.js";
import { oneOfKeys } from "../db/text-array.js";
import { chunks, firstSeenInRun, latestById, pick, upsertById } from "./bulk.js";
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
  await upsertById(db, sp, rows);
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
