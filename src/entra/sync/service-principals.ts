// Service principals from `/servicePrincipals/delta` to the mirror, with their owners, through
// src/mirror/service-principals.ts.
//
// Delta carries no owners relationship, but it does list a principal whose owners changed: so
// each page's principals, and only they, have their owners read again, 20 lists to a request
// through src/entra/graph-batch.ts. An incremental run in which no principal changed costs the
// one delta request.
import { removeServicePrincipals, upsertServicePrincipals, type ServicePrincipalPatch } from "../../mirror/service-principals.js";
import { readCollections } from "../graph-batch.js";
import { lastStateById, presentFields, type DirectoryObject } from "./delta-round.js";
import type { SyncCounters, SyncOptions } from "./types.js";

/** A service principal as a delta round sends it: whole in a round without a token, else only what changed. */
export interface ServicePrincipalItem extends DirectoryObject {
  appId?: string | null;
  displayName?: string | null;
  servicePrincipalType?: string | null;
  accountEnabled?: boolean | null;
}

export const SERVICE_PRINCIPAL_FIELDS = [
  "id",
  "appId",
  "displayName",
  "servicePrincipalType",
  "accountEnabled",
] as const satisfies readonly (keyof ServicePrincipalItem)[];

export const SERVICE_PRINCIPALS_DELTA = `/v1.0/servicePrincipals/delta?$select=${SERVICE_PRINCIPAL_FIELDS.join(",")}`;

/** A principal's owners, all on one page when Graph allows (999 is the largest). */
function ownersPath(id: string): string {
  return `/v1.0/servicePrincipals/${encodeURIComponent(id)}/owners?$select=id&$top=999`;
}

/** Applies one page of service principals: their changes, their owners read afresh, and removals. */
export async function applyServicePrincipals(
  options: SyncOptions,
  items: ServicePrincipalItem[],
  counters: SyncCounters,
): Promise<void> {
  const { db, graph, integrationId, runId } = options;
  const present: ServicePrincipalItem[] = [];
  const removed: string[] = [];
  for (const item of lastStateById(items).values()) {
    if (item["@removed"]) removed.push(item.id);
    else present.push(item);
  }
  const owners = await readCollections<{ id: string }>(graph, present.map((item) => ownersPath(item.id)));
  // Owners not found: the principal was deleted since its page was read, as the next round will say.
  const patches: ServicePrincipalPatch[] = [];
  for (const item of present) {
    const ownerItems = owners.get(ownersPath(item.id));
    if (ownerItems) patches.push({ ...presentFields(item, SERVICE_PRINCIPAL_FIELDS), id: item.id, ownerIds: ownerItems.map((owner) => owner.id) });
    else removed.push(item.id);
  }
  counters.servicePrincipalsUpserted += await upsertServicePrincipals(db, integrationId, patches, runId);
  counters.servicePrincipalsRemoved += await removeServicePrincipals(db, integrationId, removed);
}
