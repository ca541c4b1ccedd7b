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
  // Owners not found (404): the principal was deleted since its page was read, or Graph's replicas
  // do not know it yet. Kept with the owners the mirror had: a deletion comes in the next round,
  // while a principal dropped here would stay dropped until it next changed.
  const patches: ServicePrincipalPatch[] = present.map((item) => {
    const ownerItems = owners.get(ownersPath(item.id));
    const patch: ServicePrincipalPatch = { ...presentFields(item, SERVICE_PRINCIPAL_FIELDS), id: item.id };
    return ownerItems ? { ...patch, ownerIds: ownerItems.map((owner) => owner.id) } : patch;
  });
  counters.servicePrincipalsUpserted += await upsertServicePrincipals(db, integrationId, patches, runId);
  counters.servicePrincipalsRemoved += await removeServicePrincipals(db, integrationId, removed);
}
