// The managed identity of the Azure resource this process runs on, through msal-node's
// ManagedIdentityApplication. msal finds the endpoint itself: IDENTITY_ENDPOINT and
// IDENTITY_HEADER (App Service, Functions, Container Apps), else Service Fabric, Azure Arc or
// Cloud Shell variables, else the instance metadata service of a VM or AKS node.
//
// msal keeps the endpoint it found, and the network module it was first given, for the whole
// process (static state), so every managed identity here shares them, deadlines included.
import { ManagedIdentityApplication, type AuthenticationResult } from "@azure/msal-node";
import type { ManagedIdentityCredential } from "./kinds.js";
import { deadlineNetworkModule } from "./network.js";

/**
 * A function asking the endpoint for a token for `resource`: msal answers from its cache while it
 * can, unless `fresh`.
 */
export function managedIdentityTokens(
  credential: ManagedIdentityCredential,
  resource: string,
  timeoutMs: number,
): (fresh: boolean) => Promise<AuthenticationResult> {
  const app = new ManagedIdentityApplication({
    managedIdentityIdParams: credential.clientId ? { userAssignedClientId: credential.clientId } : undefined,
    system: { networkClient: deadlineNetworkModule(timeoutMs) },
  });
  return (fresh) => app.acquireToken({ resource, forceRefresh: fresh });
}
