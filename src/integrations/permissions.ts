// The Graph permissions an integration records (`EntraIntegration.permissions`): the connection
// test's checks, made when it is added or its credential replaced, and made again after a run
// whose token's roles disagree with them. An admin who grants consent, or adds a permission, after
// connecting sees it here after the next sync, not only the next time they rotate the credential.
import type { PermissionCheckRow } from "../db/schema.js";
import { checksOutdated, testConnection, type ConnectionReport, type ConnectionTestOptions } from "../entra/connection-test.js";
import type { TokenSource } from "../entra/credentials.js";

export function permissionRows(report: ConnectionReport): PermissionCheckRow[] {
  return report.checks.map(({ permission, tier, granted, message, hint }) => ({ permission, tier, granted, message, hint }));
}

/**
 * The checks made again when the token a run used grants other permissions than `recorded` says;
 * null when they agree (no request made) or the token endpoint refused.
 */
export async function recheckedPermissions(
  recorded: readonly PermissionCheckRow[],
  tokenSource: TokenSource,
  graphBaseUrl: string,
  options: ConnectionTestOptions,
): Promise<PermissionCheckRow[] | null> {
  const { roles } = await tokenSource.getToken();
  if (!checksOutdated(recorded, roles)) return null;
  const report = await testConnection(tokenSource, graphBaseUrl, options);
  return report.authenticated ? permissionRows(report) : null;
}
