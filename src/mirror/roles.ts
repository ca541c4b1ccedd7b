// Directory roles and who holds them, in the mirror. Roles are few and have no delta: each sync
// replaces them whole.
import { eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { directoryRoles, roleAssignments } from "../db/schema.js";
import { chunks } from "./bulk.js";

export interface RoleRow {
  id: string;
  displayName: string;
  roleTemplateId: string;
  /** Object ids of the principals holding the role. */
  memberIds: string[];
}

/** Replaces the integration's roles and role assignments with `roles`. */
export async function replaceRoles(db: Database, integrationId: string, roles: RoleRow[]): Promise<void> {
  await db.delete(roleAssignments).where(eq(roleAssignments.integrationId, integrationId));
  await db.delete(directoryRoles).where(eq(directoryRoles.integrationId, integrationId));
  if (roles.length === 0) return;
  await db
    .insert(directoryRoles)
    .values(roles.map(({ id, displayName, roleTemplateId }) => ({ integrationId, id, displayName, roleTemplateId })));
  const assignments = roles.flatMap((role) =>
    [...new Set(role.memberIds)].map((principalId) => ({ integrationId, roleId: role.id, principalId })),
  );
  for (const chunk of chunks(assignments)) await db.insert(roleAssignments).values(chunk);
}
