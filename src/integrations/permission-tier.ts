// How much a Microsoft Graph permission matters to an integration: CORE, what the subgraph is for
// (people, groups); RECOMMENDED, what an access review relies on (who holds which role); OPTIONAL,
// what only some tenants' licences offer. A missing core or recommended permission is a warning;
// a missing optional one is not.

export const PERMISSION_TIERS = ["CORE", "RECOMMENDED", "OPTIONAL"] as const;

export type PermissionTier = (typeof PERMISSION_TIERS)[number];

/** Whether a permission check's outcome deserves the admin's attention (checks recorded before tiers count as core). */
export function isMissingPermission(check: { granted: boolean; tier?: PermissionTier | null }): boolean {
  return !check.granted && check.tier !== "OPTIONAL";
}
