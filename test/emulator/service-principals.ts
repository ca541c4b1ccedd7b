// Microsoft Graph's service principals' owners, `/servicePrincipals/{id}/owners`: delta carries no
// owners relationship, and does not list a principal whose owners alone changed (tenant.ts).
import { pick, USER_SCHEMA } from "./selection.js";
import type { Tenant } from "./tenant.js";
import type { User } from "./types.js";

/** Application permissions that grant reading service principals; any one suffices. */
export const SERVICE_PRINCIPAL_READ = ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];

export function ownerItems(tenant: Tenant, id: string, properties: readonly string[]) {
  const owners = (tenant.servicePrincipal(id)?.owners ?? []).map((owner) => tenant.user(owner)).filter((u): u is User => !!u);
  return {
    count: owners.length,
    item: (i: number) => ({ "@odata.type": "#microsoft.graph.user", ...pick(owners[i] as User, properties, USER_SCHEMA) }),
  };
}
