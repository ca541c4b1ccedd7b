// The directory roles principals hold: granted to the principal itself, or to a group it is a
// member of. Entra refuses groups as members of a role-assignable group, so a group's direct
// members are all who hold its roles.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { selectRows } from "../db/rows.js";
import { directoryGroups, directoryRoles, groupMemberships, roleAssignments } from "../db/schema.js";
import { oneOfKeys } from "../db/text-array.js";
import type { RoleAssignmentState } from "../directory/role-assignment-state.js";
import type { RoleGrant } from "../directory/role-grant.js";
import { appendRow, batchLoader } from "./batch.js";
import { joinOrganisation } from "./scope.js";

/** A role as the API shows it (when the mirror read it is the sync's). */
export type RoleRow = Pick<typeof directoryRoles.$inferSelect, "integrationId" | "id" | "displayName" | "roleTemplateId">;

/** A role as one principal holds it. */
export interface HeldRoleRow {
  /** The principal that holds the role (the loader's key). */
  holderId: string;
  role: RoleRow;
  state: RoleAssignmentState;
  via: RoleGrant;
  /** The group the role is granted to, when held through one. */
  groupId: string | null;
  groupName: string | null;
  /** "/" for the whole tenant, else the directory scope ("/administrativeUnits/{id}"). */
  directoryScopeId: string;
  /** When an eligibility ends; null when permanent, and for active assignments. */
  endsAt: Date | null;
}

type HeldRoleSql = Omit<HeldRoleRow, "role" | "via" | "endsAt"> & RoleRow & { endsAt: Date | string | null };

/**
 * Principal id -> the roles it holds, by role name: active before eligible, direct before
 * through a group. An eligibility whose end has passed is held no more, whenever the mirror was
 * last synced. One statement for the tick's principals.
 */
export function roleAssignmentsLoader(db: Database, orgId: string) {
  return batchLoader<string, HeldRoleRow, HeldRoleRow[]>(
    async (principalIds) => {
      const rows = await selectRows<HeldRoleSql>(
        db,
        sql`with held as (
              select a.principal_id as holder_id, a.integration_id, a.role_id, a.state, a.directory_scope_id, a.ends_at,
                     null::text as group_id
                from ${roleAssignments} a
                ${joinOrganisation("a", orgId)}
               where ${oneOfKeys(sql`a.principal_id`, principalIds)}
              union all
              select m.member_id, a.integration_id, a.role_id, a.state, a.directory_scope_id, a.ends_at, a.principal_id
                from ${groupMemberships} m
                ${joinOrganisation("m", orgId)}
                join ${roleAssignments} a on a.integration_id = m.integration_id and a.principal_id = m.group_id
               where ${oneOfKeys(sql`m.member_id`, principalIds)}
            )
            select h.holder_id as "holderId", h.state, h.directory_scope_id as "directoryScopeId", h.ends_at as "endsAt",
                   h.group_id as "groupId", g.display_name as "groupName",
                   r.integration_id as "integrationId", r.id, r.display_name as "displayName", r.role_template_id as "roleTemplateId"
              from held h
              join ${directoryRoles} r on r.integration_id = h.integration_id and r.id = h.role_id
              left join ${directoryGroups} g on g.integration_id = h.integration_id and g.id = h.group_id
             where h.ends_at is null or h.ends_at > now()
             order by r.display_name, r.id, h.state, h.group_id nulls first, g.display_name, h.directory_scope_id`,
      );
      return rows.map(heldRole);
    },
    (row) => row.holderId,
    () => [],
    appendRow,
  );
}

function heldRole({ integrationId, id, displayName, roleTemplateId, endsAt, ...held }: HeldRoleSql): HeldRoleRow {
  return {
    ...held,
    role: { integrationId, id, displayName, roleTemplateId },
    via: held.groupId === null ? "DIRECT" : "GROUP",
    // Both drivers hand timestamps of raw SQL over as text.
    endsAt: endsAt === null ? null : new Date(endsAt),
  };
}
