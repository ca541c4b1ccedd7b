// Graph's answers when a tenant's licence lacks a feature: the app's permission is not at fault,
// the tenant just has nothing of that kind to read.
import { GraphError } from "./graph-client.js";

/**
 * Privileged Identity Management (eligible role assignments) needs Microsoft Entra ID P2 or
 * Governance; without it Graph answers its reads with 400 AadPremiumLicenseRequired.
 */
export function isPimUnlicensed(error: unknown): boolean {
  return error instanceof GraphError && error.code === "AadPremiumLicenseRequired";
}

/**
 * Users' sign-in activity needs Microsoft Entra ID P1 or P2; without it Graph answers its reads
 * with 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant.
 */
export function isSignInActivityUnlicensed(error: unknown): boolean {
  return error instanceof GraphError && error.code === "Authentication_RequestFromNonPremiumTenantOrB2CTenant";
}
