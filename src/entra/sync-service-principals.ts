// Service principal sync: reads `/servicePrincipals/delta` and each one's owners from Microsoft
// Graph, and applies them to the mirror.
//
// Every run reads a whole round (no stored delta token) and then sweeps what it did not see:
// owners are not tracked by delta, so they are read per service principal anyway, and a whole
// round keeps them exact. Tenants have far fewer service principals than users.
import { GraphError } from "./graph-client.js";
import { removeServicePrincipals, upsertServicePrincipals, type ServicePrincipalPatch } from "../mirror/service-principals.js";
import { sweepUnseenServicePrincipals } from "../mirror/sweep.js";
import type { SkippedResource, SyncOptions } from "./sync.js";

export const SERVICE_PRINCIPAL_FIELDS = ["id", "appId", "displayName", "servicePrincipalType", "accountEnabled"] as const;
export const SERVICE_PRINCIPALS_DELTA = `/v1.0/servicePrincipals/delta?$select=${SERVICE_PRINCIPAL_FIELDS.join(",")}`;

type ServicePrincipalItem = { id: string; "@removed"?: { reason?: string } } & Record<string, unknown>;

export async function syncServicePrincipals(options: SyncOptions, skipped: SkippedResource[]): Promise<void> {
  const { db, graph, integrationId, runId } = options;
  try {
    for await (const page of graph.pages<ServicePrincipalItem>(SERVICE_PRINCIPALS_DELTA)) {
      const patches: ServicePrincipalPatch[] = [];
      const removed: string[] = [];
      for (const item of page.value) {
        if (item["@removed"]) removed.push(item.id);
        else patches.push({ ...presentFields(item), id: item.id, ownerIds: await ownersOf(options, item.id) });
      }
      await upsertServicePrincipals(db, integrationId, patches, runId);
      await removeServicePrincipals(db, integrationId, removed);
    }
  } catch (error) {
    if (!(error instanceof GraphError && (error.status === 403 || error.code === "Authorization_RequestDenied"))) throw error;
    skipped.push({ resource: "servicePrincipals", code: error.code, message: error.message });
    return;
  }
  await sweepUnseenServicePrincipals(db, integrationId, runId);
}

function presentFields(item: ServicePrincipalItem): Omit<ServicePrincipalPatch, "id"> {
  return Object.fromEntries(SERVICE_PRINCIPAL_FIELDS.filter((field) => field !== "id" && field in item).map((f) => [f, item[f]]));
}

async function ownersOf(options: SyncOptions, id: string): Promise<string[]> {
  const owners: string[] = [];
  for await (const page of options.graph.pages<{ id: string }>(`/v1.0/servicePrincipals/${encodeURIComponent(id)}/owners?$select=id`)) {
    owners.push(...page.value.map((owner) => owner.id));
  }
  return owners;
}
