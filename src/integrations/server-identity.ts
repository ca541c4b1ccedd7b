// The server's own identity (its workload identity's token file, its managed identity) is the
// operator's: an organisation may connect tenants through it only where the operator allows it
// (PLATFORM_IDENTITY_ORGS), or any organisation could read the operator's tenant with it.
import type { Config } from "../config.js";
import type { CredentialKind } from "../directory/credential-kinds.js";

/** Whether a credential of `kind` is the server's own identity. */
function isServerIdentity(kind: CredentialKind): boolean {
  return kind === "WORKLOAD_IDENTITY" || kind === "MANAGED_IDENTITY";
}

/** Whether organisation `orgId` may use a credential of `kind`. */
export function mayUseCredential(config: Pick<Config, "platformIdentityOrgs">, orgId: string, kind: CredentialKind): boolean {
  const allowed = config.platformIdentityOrgs;
  return !isServerIdentity(kind) || allowed === "*" || allowed.has(orgId);
}
