// Roles as Entra grants them, from the unified role management API to the mirror: active
// assignments (to users, to role-assignable groups, to service principals; tenant-wide or scoped
// to an administrative unit), eligibilities in Privileged Identity Management where the tenant
// has it, and the role definitions they name.
//
// Graph has no delta for any of these (and /directoryRoles/delta sees only tenant-wide active
// roles), so every run reads the assignments and eligibilities whole, a page or two for most
// tenants, and replaces them in the mirror: a role granted is seen by the next run, whatever
// kind of run it is. Definitions change rarely: a full run reads them, so does any run that meets
// a definition the mirror lacks (a new custom role), and any run a day after they were last read
// (a custom role renamed).
import { mirroredRoleDefinitions, replaceRoleDefinitions } from "../../mirror/role-definitions.js";
import { replaceRoleAssignments, type RoleAssignmentRow } from "../../mirror/role-assignments.js";
import { GraphError, type GraphClient } from "../graph-client.js";
import { isPimUnlicensed } from "../licence-errors.js";
import { permissionReading } from "../connection-test.js";
import { dailyReadDue } from "./daily-reads.js";
import { skipWhenDenied } from "./permission-denied.js";
import type { SyncMode } from "../../directory/sync-modes.js";
import type { SkippedResource, SyncOptions } from "./types.js";

/** An active assignment or an eligibility, as the two lists send them. */
interface AssignmentItem {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId?: string | null;
  /** Eligibilities only: when it ends (null: permanent). */
  endDateTime?: string | null;
  /** Eligibilities only: `Direct`, or `Group`/`Inherited` for one derived from another. */
  memberType?: string;
}

interface DefinitionItem {
  id: string;
  displayName: string;
  templateId?: string | null;
}

export const ROLE_ASSIGNMENTS =
  "/v1.0/roleManagement/directory/roleAssignments?$select=id,principalId,roleDefinitionId,directoryScopeId";
export const ROLE_ELIGIBILITIES =
  "/v1.0/roleManagement/directory/roleEligibilityScheduleInstances?$select=id,principalId,roleDefinitionId,directoryScopeId,endDateTime,memberType";
export const ROLE_DEFINITIONS = "/v1.0/roleManagement/directory/roleDefinitions?$select=id,displayName,templateId";

/**
 * Replaces the mirror's role assignments with what Graph lists; `mode` is the run's (a full run
 * re-reads the definitions). What the app may not read is recorded in `skipped` and forgotten,
 * as sign-ins are: grants it can no longer see must not pass for current ones. A refusal while
 * the run's token grants the permission passes, and leaves the mirror as it was.
 */
export async function syncRoleAssignments(options: SyncOptions, mode: SyncMode, skipped: SkippedResource[]): Promise<void> {
  const { db, graph, integrationId } = options;
  const active = await skipWhenDenied("roleAssignments", skipped, () => readAll<AssignmentItem>(graph, ROLE_ASSIGNMENTS));
  // The permissions that read definitions are those that read active assignments: without them
  // eligibilities would name roles the mirror cannot tell.
  if (!active) {
    if (!(await options.tokenGrants(permissionReading("roleAssignments")))) {
      for (const state of ["ACTIVE", "ELIGIBLE"] as const) await replaceRoleAssignments(db, integrationId, state, []);
    }
    return;
  }
  const eligible = await readEligibilities(graph, skipped);
  const known = await mirroredRoleDefinitions(db, integrationId);
  const named = [...active, ...(eligible ?? [])].map((assignment) => assignment.roleDefinitionId);
  const now = options.startedAt;
  const roleIsNew = named.some((id) => !known.ids.has(id));
  // Definitions have no delta: read on a full run, when a role is new, and once a day, so that a
  // custom role renamed in Entra is shown by its new name within a day at most.
  if (mode === "FULL" || dailyReadDue(known.readAt, now) || roleIsNew) {
    const definitions = await readAll<DefinitionItem>(graph, ROLE_DEFINITIONS).catch((error: unknown) => {
      // Throttled past the client's retries: the day's read waits for the next run rather than
      // fail this one's other changes; not a new role's, which the mirror could not name.
      if (roleIsNew || mode === "FULL" || !(error instanceof GraphError && error.retryable)) throw error;
      return undefined;
    });
    if (definitions) {
      await replaceRoleDefinitions(
        db,
        integrationId,
        definitions.map(({ id, displayName, templateId }) => ({ id, displayName, roleTemplateId: templateId ?? id })),
        now,
      );
    }
  }
  await replaceRoleAssignments(db, integrationId, "ACTIVE", active.map(assignmentRow));
  if (eligible || !(await options.tokenGrants(permissionReading("roleEligibilities")))) {
    await replaceRoleAssignments(db, integrationId, "ELIGIBLE", (eligible ?? []).map(assignmentRow));
  }
}

/**
 * PIM's eligibilities in force: an empty list in a tenant without the licence (it has no PIM),
 * undefined when the app may not read them.
 */
async function readEligibilities(graph: GraphClient, skipped: SkippedResource[]): Promise<AssignmentItem[] | undefined> {
  const eligible = await skipWhenDenied("roleEligibilities", skipped, async () => {
    try {
      return await readAll<AssignmentItem>(graph, ROLE_ELIGIBILITIES);
    } catch (error) {
      if (isPimUnlicensed(error)) return [];
      throw error;
    }
  });
  // A `Group` or `Inherited` instance repeats, for a member, what a group's own eligibility says:
  // the mirror derives members' grants from the group's (src/loaders/role-assignments.ts).
  return eligible?.filter((item) => (item.memberType ?? "Direct") === "Direct");
}

function assignmentRow(item: AssignmentItem): RoleAssignmentRow {
  return {
    roleId: item.roleDefinitionId,
    principalId: item.principalId,
    directoryScopeId: item.directoryScopeId ?? "/",
    endsAt: item.endDateTime ? new Date(item.endDateTime) : null,
  };
}

async function readAll<T>(graph: GraphClient, path: string): Promise<T[]> {
  const items: T[] = [];
  for await (const page of graph.pages<T>(path)) items.push(...page.value);
  return items;
}
