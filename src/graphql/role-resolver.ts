// DirectoryRole: its kind (privileged or not), and a principal's roles, each once, filtered by kind.
import { FieldResolver, Resolver, Root } from "type-graphql";
import { isPrivilegedRole } from "../directory/privileged-roles.js";
import type { HeldRoleRow, RoleRow } from "../loaders/role-assignments.js";
import type { Context } from "./context.js";
import type { DirectoryRoleKind } from "../directory/privileged-roles.js";
import { DirectoryRole, DirectoryRoleKindEnum } from "./directory-types.js";

export function roleKind(role: RoleRow): DirectoryRoleKind {
  return isPrivilegedRole(role.roleTemplateId) ? "PRIVILEGED" : "STANDARD";
}

/** A principal's role assignments (active or eligible, direct or through a group), optionally only those of one kind of role. */
export function roleAssignmentsOf(principalId: string, context: Context, kind: DirectoryRoleKind | null | undefined): Promise<HeldRoleRow[]> {
  const held = context.loaders.roleAssignments.load(principalId);
  return kind ? held.then((all) => all.filter((assignment) => roleKind(assignment.role) === kind)) : held;
}

/** The roles a principal holds or may activate, each once, optionally only those of one kind. */
export function rolesOf(principalId: string, context: Context, kind: DirectoryRoleKind | null | undefined): Promise<RoleRow[]> {
  return roleAssignmentsOf(principalId, context, kind).then(eachRoleOnce);
}

@Resolver(() => DirectoryRole)
export class DirectoryRoleResolver {
  @FieldResolver(() => DirectoryRoleKindEnum, {
    description:
      "PRIVILEGED for the built-in roles Microsoft labels privileged (Global Administrator, Global Reader, Application Developer, ...) and a few more that reach mailboxes, sites or the directory's sync; STANDARD for the others, custom roles included.",
  })
  kind(@Root() role: RoleRow): DirectoryRoleKind {
    return roleKind(role);
  }
}

// Private helpers below.

/** A role held several ways (eligible and active, directly and through a group) is one role. */
function eachRoleOnce(held: HeldRoleRow[]): RoleRow[] {
  const roles = new Map<string, RoleRow>();
  for (const { role } of held) roles.set(`${role.integrationId} ${role.id}`, role);
  return [...roles.values()];
}
