// Who a credential's tokens speak for, checked against what an admin named. A managed identity
// reads the tenant it belongs to and is the identity it is, whatever tenant or client id was
// given: a token from another tenant, or of another identity, would mirror another tenant's
// people, or show an identity that is not the one reading, under the names given.
import { isGuid } from "../directory/guid.js";
import type { ConnectionReport } from "../entra/connection-test.js";
import type { Credentials } from "./validation.js";

/** What an admin must correct: the tenant or the client id named. */
export interface IdentityRefusal {
  readonly field: "tenantId" | "clientId";
  readonly message: string;
}

/** Before any request: only a tenant named by its ID can be checked against a managed identity's tokens. */
export function uncheckedTenant({ tenantId, credential }: Credentials): IdentityRefusal | null {
  if (credential.kind !== "MANAGED_IDENTITY" || isGuid(tenantId)) return null;
  return {
    field: "tenantId",
    message: `A managed identity reads only the tenant it belongs to, which is checked by its ID: name the tenant by its ID (a GUID), not by the domain ${tenantId}`,
  };
}

/** A token from another tenant than the one named: a managed identity's own, never the named one's. */
export function otherTenant({ tenantId }: Credentials, report: ConnectionReport): IdentityRefusal | null {
  if (!report.tenantId || !isGuid(tenantId) || report.tenantId.toLowerCase() === tenantId.toLowerCase()) return null;
  return {
    field: "tenantId",
    message: `The credential belongs to tenant ${report.tenantId}, not ${tenantId}: a managed identity reads its own tenant only; give that tenant's ID`,
  };
}

/** A managed identity's token issued to another identity than the client id names (the system-assigned one is whichever the resource has). */
export function otherIdentity({ clientId, credential }: Credentials, report: ConnectionReport): IdentityRefusal | null {
  if (credential.kind !== "MANAGED_IDENTITY" || !report.clientId || report.clientId.toLowerCase() === clientId.toLowerCase()) return null;
  return {
    field: "clientId",
    message: `The managed identity that answered is ${report.clientId}, not ${clientId}: give the identity's own client id (its Overview page, or Enterprise applications > Application ID)`,
  };
}
