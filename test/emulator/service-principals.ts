// Microsoft Graph's service principals, as a sync reads them: `/servicePrincipals/delta` for the
// objects, `/servicePrincipals/{id}/owners` for owners (delta carries no owners relationship).
//
// The emulator keeps no change log for service principals, so every delta round is whole; a
// `$deltatoken` is answered with `syncStateNotFound`, which tells a client to start over.
import type { Exchange } from "./http.js";
import { sendGraphError } from "./http.js";
import { pick, SERVICE_PRINCIPAL_SCHEMA, USER_SCHEMA } from "./selection.js";
import type { Tenant } from "./tenant.js";
import type { User } from "./types.js";

/** Application permissions that grant reading service principals; any one suffices. */
export const SERVICE_PRINCIPAL_READ = ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];

export function servicePrincipalItems(tenant: Tenant, properties: readonly string[]) {
  const all = tenant.servicePrincipals;
  return { count: all.length, item: (i: number) => pick(all[i] as object, properties, SERVICE_PRINCIPAL_SCHEMA) };
}

export function ownerItems(tenant: Tenant, id: string, properties: readonly string[]) {
  const owners = (tenant.servicePrincipal(id)?.owners ?? []).map((owner) => tenant.user(owner)).filter((u): u is User => !!u);
  return {
    count: owners.length,
    item: (i: number) => ({ "@odata.type": "#microsoft.graph.user", ...pick(owners[i] as User, properties, USER_SCHEMA) }),
  };
}

export function refuseDeltaToken(ex: Exchange): void {
  sendGraphError(ex, 400, "syncStateNotFound", "The sync state generation is not found. Start a new delta round without a token.");
}
