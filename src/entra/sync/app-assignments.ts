// Who may use each enterprise application, from Graph to the mirror: the users, groups and
// service principals assigned to it (`/servicePrincipals/{id}/appRoleAssignedTo`), each with the
// name of the app role it holds, read from the application's own `appRoles`.
//
// Graph has no delta for assignments, and servicePrincipals/delta reports an application's own
// properties, not who was assigned to it; so every run reads them whole, but only those of
// enterprise applications (the service principals Graph tags WindowsAzureActiveDirectoryIntegratedApp,
// those the portal's Enterprise applications blade lists; the hundreds of Microsoft's own APIs
// in a tenant are not), and in JSON batches of 20 lists a request. For A enterprise applications
// a run costs ⌈A / 999⌉ requests for the list and ⌈A / 20⌉ batches, plus one more batched request
// for every further 999 assignments of one application: a grant or its removal shows at the next
// run, whatever kind of run it is.
import { replaceAppRoleAssignments, type AppRoleAssignmentRow } from "../../mirror/app-role-assignments.js";
import { readCollections } from "../graph-batch.js";
import type { GraphClient } from "../graph-client.js";
import { permissionReading } from "../connection-test.js";
import { skipWhenDenied, wasSkipped } from "./permission-denied.js";
import type { SkippedResource, SyncOptions } from "./types.js";

/** An enterprise application: its service principal, with the roles it defines. */
interface EnterpriseAppItem {
  id: string;
  appRoles?: { id: string; displayName?: string | null; value?: string | null }[] | null;
}

interface AssignmentItem {
  id: string;
  principalId: string;
  principalType: string;
  principalDisplayName?: string | null;
  appRoleId: string;
}

/** Graph's tag on the service principals of enterprise applications. */
const ENTERPRISE_APP_TAG = "WindowsAzureActiveDirectoryIntegratedApp";

const ENTERPRISE_APPS = `/v1.0/servicePrincipals?$filter=tags/any(t:t eq '${ENTERPRISE_APP_TAG}')&$select=id,appRoles&$top=999`;

const assignedToPath = (servicePrincipalId: string) =>
  `/v1.0/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/appRoleAssignedTo?$select=id,principalId,principalType,principalDisplayName,appRoleId&$top=999`;

/**
 * Replaces the mirror's app role assignments with those Graph lists for the tenant's enterprise
 * applications; when the app may not read them (recorded in `skipped`) they are forgotten, as
 * role assignments are, rather than pass for current.
 */
export async function syncAppAssignments(options: SyncOptions, skipped: SkippedResource[]): Promise<void> {
  // The permission that reads service principals reads their assignments: reported once, as theirs.
  const assignments = wasSkipped(skipped, "servicePrincipals")
    ? undefined
    : await skipWhenDenied("appAssignments", skipped, () => readAssignments(options.graph));
  // A refusal while the run's token grants the permission passes: the mirror stays as it was.
  if (assignments || !(await options.tokenGrants(permissionReading("appAssignments")))) {
    await replaceAppRoleAssignments(options.db, options.integrationId, assignments ?? []);
  }
}

async function readAssignments(graph: GraphClient): Promise<AppRoleAssignmentRow[]> {
  const apps: EnterpriseAppItem[] = [];
  for await (const page of graph.pages<EnterpriseAppItem>(ENTERPRISE_APPS)) apps.push(...page.value);
  const lists = await readCollections<AssignmentItem>(graph, apps.map((app) => assignedToPath(app.id)));
  return apps.flatMap((app) => {
    const roleNames = new Map((app.appRoles ?? []).map((role) => [role.id, role.displayName ?? role.value ?? null]));
    return (lists.get(assignedToPath(app.id)) ?? []).map((item) => ({
      id: item.id,
      resourceId: app.id,
      principalId: item.principalId,
      principalType: item.principalType,
      principalDisplayName: item.principalDisplayName ?? null,
      appRoleId: item.appRoleId,
      // Default access (the all-zero id) is no role of the app's: it has no name.
      appRoleName: roleNames.get(item.appRoleId) ?? null,
    }));
  });
}
