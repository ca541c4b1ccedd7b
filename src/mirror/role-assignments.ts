// Role assignments in the mirror, active and eligible. Graph has no delta for them: each read
// replaces all of one state.
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { roleAssignments } from "../db/schema.js";
import type { RoleAssignmentState } from "../directory/role-assignment-state.js";
import { chunks } from "./bulk.js";

export interface RoleAssignmentRow {
  roleId: string;
  principalId: string;
  directoryScopeId: string;
  endsAt: Date | null;
}

/** Replaces the integration's assignments of `state` with `assignments`. */
export async function replaceRoleAssignments(
  db: Database,
  integrationId: string,
  state: RoleAssignmentState,
  assignments: RoleAssignmentRow[],
): Promise<void> {
  await db.delete(roleAssignments).where(and(eq(roleAssignments.integrationId, integrationId), eq(roleAssignments.state, state)));
  // Two schedules may grant the same role at the same scope: one row says it is held, until the
  // later of their ends.
  const unique = new Map<string, RoleAssignmentRow>();
  for (const assignment of assignments) {
    const key = `${assignment.roleId} ${assignment.principalId} ${assignment.directoryScopeId}`;
    const held = unique.get(key);
    if (!held || (held.endsAt !== null && (assignment.endsAt === null || assignment.endsAt > held.endsAt))) unique.set(key, assignment);
  }
  for (const chunk of chunks([...unique.values()])) {
    await db.insert(roleAssignments).values(chunk.map((assignment) => ({ integrationId, state, ...assignment })));
  }
}
