// Directory role assignments of principals.
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { directoryRoles, roleAssignments } from "../db/schema.js";
import { appendRow, batchLoader, oneOfKeys } from "./batch.js";
import { inOrganisation } from "./scope.js";

export type RoleRow = typeof directoryRoles.$inferSelect;

/** Principal id -> the directory roles assigned to it. */
export function rolesLoader(db: Database, orgId: string) {
  return batchLoader<string, { principalId: string; role: RoleRow }, RoleRow[]>(
    (principalIds) =>
      db
        .select({ principalId: roleAssignments.principalId, role: directoryRoles })
        .from(roleAssignments)
        .innerJoin(
          directoryRoles,
          and(eq(directoryRoles.integrationId, roleAssignments.integrationId), eq(directoryRoles.id, roleAssignments.roleId)),
        )
        .where(
          and(
            inOrganisation(db, roleAssignments.integrationId, orgId),
            oneOfKeys(roleAssignments.principalId, principalIds),
          ),
        )
        .orderBy(directoryRoles.displayName),
    (row) => row.principalId,
    () => [],
    (row, list) => appendRow(row.role, list),
  );
}
