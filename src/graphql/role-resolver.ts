// DirectoryRole: its kind (privileged or not), and a principal's roles filtered by kind.
import { FieldResolver, Resolver, Root } from "type-graphql";
import { isPrivilegedRole } from "../directory/privileged-roles.js";
import type { RoleRow } from "../loaders/roles.js";
import type { Context } from "./context.js";
import { DirectoryRole, DirectoryRoleKind } from "./directory-types.js";

export function roleKind(role: RoleRow): DirectoryRoleKind {
  return isPrivilegedRole(role.roleTemplateId) ? DirectoryRoleKind.PRIVILEGED : DirectoryRoleKind.STANDARD;
}

/** A principal's directory roles, optionally only those of one kind. */
export function rolesOf(principalId: string, context: Context, kind: DirectoryRoleKind | null | undefined): Promise<RoleRow[]> {
  const roles = context.loaders.roles.load(principalId);
  return kind ? roles.then((all) => all.filter((role) => roleKind(role) === kind)) : roles;
}

@Resolver(() => DirectoryRole)
export class DirectoryRoleResolver {
  @FieldResolver(() => DirectoryRoleKind, { description: "PRIVILEGED for Global Administrator and the like." })
  kind(@Root() role: RoleRow): DirectoryRoleKind {
    return roleKind(role);
  }
}
