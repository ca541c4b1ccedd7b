// Application access: who may use which enterprise application, as the mirror of each
// application's assignments says, and which applications the organisation marked as AI tools.
// An assignment to a group reaches its direct members only, as Entra grants it (nested groups'
// members are not assigned).
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { selectRows } from "../db/rows.js";
import { aiApplications, appRoleAssignments, directoryServicePrincipals, groupMemberships } from "../db/schema.js";
import { oneOfKeys } from "../db/text-array.js";
import type { RoleGrant } from "../directory/role-grant.js";
import { appendRow, batchLoader, countLoader } from "./batch.js";
import { afterPageCursor, pageRows } from "./parent-pages.js";
import { joinOrganisation } from "./scope.js";

/** An application as one principal may use it. */
export interface HeldAppRow {
  /** The principal assigned, directly or through a group (the loader's key). */
  holderId: string;
  /** The application's service principal. */
  resourceId: string;
  appRoleName: string | null;
  via: RoleGrant;
  /** The group assigned, when held through one. */
  groupId: string | null;
  isAiApplication: boolean;
}

/** An assignment to an application, as its list of who is assigned shows it. */
export type ApplicationAssignmentRow = typeof appRoleAssignments.$inferSelect;

/**
 * Principal id -> the applications it is assigned to, directly or through a group, by application
 * name, direct before through a group. One statement for the tick's principals.
 */
export function appAssignmentsLoader(db: Database, orgId: string) {
  return batchLoader<string, Omit<HeldAppRow, "via">, HeldAppRow[]>(
    (principalIds) =>
      selectRows(
        db,
        sql`with held as (
              select a.principal_id as holder_id, a.integration_id, a.resource_id, a.app_role_name, null::text as group_id
                from ${appRoleAssignments} a
                ${joinOrganisation("a", orgId)}
               where ${oneOfKeys(sql`a.principal_id`, principalIds)}
              union all
              select m.member_id, a.integration_id, a.resource_id, a.app_role_name, a.principal_id
                from ${groupMemberships} m
                ${joinOrganisation("m", orgId)}
                join ${appRoleAssignments} a on a.integration_id = m.integration_id and a.principal_id = m.group_id
               where ${oneOfKeys(sql`m.member_id`, principalIds)}
            )
            select h.holder_id as "holderId", h.resource_id as "resourceId", h.app_role_name as "appRoleName",
                   h.group_id as "groupId", ai.app_id is not null as "isAiApplication"
              from held h
              join ${directoryServicePrincipals} sp on sp.integration_id = h.integration_id and sp.id = h.resource_id
              left join ${aiApplications} ai on ai.org_id = ${orgId} and ai.app_id = sp.app_id
             order by sp.display_name, h.resource_id, h.group_id nulls first, h.app_role_name`,
      ),
    (row) => row.holderId,
    () => [],
    (row, list) => appendRow({ ...row, via: row.groupId === null ? "DIRECT" : "GROUP" }, list),
  );
}

/**
 * Service principal id + page -> up to `first + 1` of the assignments to it, by the assigned
 * principal's name then assignment id. The tick's pages are one statement (see parent-pages.ts).
 */
export function applicationAssignmentPagesLoader(db: Database, orgId: string) {
  return batchLoader<string, ApplicationAssignmentRow & { key: string }, ApplicationAssignmentRow[]>(
    (keys) =>
      selectRows(
        db,
        sql`select k.key, a.integration_id as "integrationId", a.id, a.resource_id as "resourceId", a.principal_id as "principalId",
                   a.principal_type as "principalType", a.principal_display_name as "principalDisplayName",
                   a.app_role_id as "appRoleId", a.app_role_name as "appRoleName"
              from ${pageRows(keys)}
             cross join lateral (
                   select a.*
                     from ${appRoleAssignments} a
                     ${joinOrganisation("a", orgId)}
                    where a.resource_id = k.parent
                      and ${afterPageCursor(sql`a.principal_display_name`, sql`a.id`)}
                    order by coalesce(a.principal_display_name, ''), a.id
                    limit k.first + 1) a
             order by k.key, coalesce(a.principal_display_name, ''), a.id`,
      ),
    (row) => row.key,
    () => [],
    ({ key: _key, ...assignment }, list) => appendRow(assignment, list),
  );
}

/** Service principal id -> how many assignments it has: the total of its assignment pages. */
export function applicationAssignmentCountLoader(db: Database, orgId: string) {
  return countLoader((ids) =>
    selectRows(
      db,
      sql`select a.resource_id as key, count(*)::int as count
            from ${appRoleAssignments} a
            ${joinOrganisation("a", orgId)}
           where ${oneOfKeys(sql`a.resource_id`, ids)}
           group by a.resource_id`,
    ),
  );
}

/** App id -> whether the organisation marked the application as an AI tool. */
export function aiApplicationLoader(db: Database, orgId: string) {
  return batchLoader<string, { appId: string }, boolean>(
    (appIds) =>
      db
        .select({ appId: aiApplications.appId })
        .from(aiApplications)
        .where(and(eq(aiApplications.orgId, orgId), oneOfKeys(aiApplications.appId, appIds))),
    (row) => row.appId,
    () => false,
    () => true,
  );
}
