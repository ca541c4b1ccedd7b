// Service principals from `/servicePrincipals/delta`, with each one's owners, to the mirror
// through src/mirror/service-principals.ts.
//
// Every run reads a whole round (no stored delta token) and then sweeps what it did not see:
// owners are not tracked by delta, so they are read per service principal anyway, and a whole
// round keeps them exact. Tenants have far fewer service principals than users.
import {
  removeServicePrincipals,
  upsertServicePrincipals,
  type ServicePrincipalPatch,
} from "../../mirror/service-principals.js";
import { sweepUnseenServicePrincipals } from "../../mirror/sweep.js";
import type { GraphClient } from "../graph-client.js";
import { presentFields, type DirectoryObject } from "./delta-round.js";
import { skipWhenDenied } from "./permission-denied.js";
import type { SkippedResource, SyncOptions } from "./types.js";

/** A service principal as a delta round sends it. */
interface ServicePrincipalItem extends DirectoryObject {
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

/** Mirrors every service principal, page by page, then removes those the round did not list. */
export async function syncServicePrincipals(options: SyncOptions, skipped: SkippedResource[]): Promise<void> {
  const { db, graph, integrationId, runId } = options;
  const read = await skipWhenDenied("servicePrincipals", skipped, async () => {
    for await (const page of graph.pages<ServicePrincipalItem>(SERVICE_PRINCIPALS_DELTA)) {
      const patches: ServicePrincipalPatch[] = [];
      const removed: string[] = [];
      for (const item of page.value) {
        if (item["@removed"]) removed.push(item.id);
        else {
          const ownerIds = await ownersOf(graph, item.id);
          patches.push({ ...presentFields(item, SERVICE_PRINCIPAL_FIELDS), id: item.id, ownerIds });
        }
      }
      await upsertServicePrincipals(db, integrationId, patches, runId);
      await removeServicePrincipals(db, integrationId, removed);
    }
    return true;
  });
  // A round cut short by a refusal did not see everything: sweeping would empty the mirror.
  if (read) await sweepUnseenServicePrincipals(db, integrationId, runId);
}

async function ownersOf(graph: GraphClient, id: string): Promise<string[]> {
  const owners: string[] = [];
  for await (const page of graph.pages<{ id: string }>(`/v1.0/servicePrincipals/${encodeURIComponent(id)}/owners?$select=id`)) {
    owners.push(...page.value.map((owner) => owner.id));
  }
  return owners;
}
