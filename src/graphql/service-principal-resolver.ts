// DirectoryServicePrincipal: its owners, groups and roles, and the root query by id.
import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { GroupKind } from "../directory/group-kind.js";
import type { DirectoryRoleKind } from "../directory/privileged-roles.js";
import type { GroupRow } from "../loaders/groups.js";
import type { HeldRoleRow, RoleRow } from "../loaders/role-assignments.js";
import type { ServicePrincipalRow } from "../loaders/service-principals.js";
import type { UserRow } from "../loaders/users.js";
import type { Context } from "./context.js";
import {
  DirectoryGroup,
  DirectoryRole,
  DirectoryRoleKindEnum,
  DirectoryServicePrincipal,
  DirectoryUser,
  GroupKindEnum,
} from "./directory-types.js";
import { RoleAssignment } from "./role-assignment-types.js";
import { roleAssignmentsOf, rolesOf } from "./role-resolver.js";
import { groupsOf } from "./user-resolver.js";

@Resolver(() => DirectoryServicePrincipal)
export class DirectoryServicePrincipalResolver {
  @Authorized()
  @Query(() => DirectoryServicePrincipal, { nullable: true, description: "A service principal by Entra object id." })
  directoryServicePrincipal(@Arg("id", () => ID) id: string, @Ctx() context: Context): Promise<ServicePrincipalRow | null> {
    return context.loaders.servicePrincipalById.load(id);
  }

  @FieldResolver(() => [DirectoryUser], { description: "The people who own it; empty when it has no owner." })
  async owners(@Root() servicePrincipal: ServicePrincipalRow, @Ctx() context: Context): Promise<UserRow[]> {
    const owners = await context.loaders.userById.loadMany(servicePrincipal.ownerIds);
    return owners.filter((owner): owner is UserRow => owner !== null && !(owner instanceof Error));
  }

  @FieldResolver(() => [DirectoryGroup])
  groups(
    @Root() servicePrincipal: ServicePrincipalRow,
    @Ctx() context: Context,
    @Arg("kind", () => GroupKindEnum, { nullable: true }) kind: GroupKind | null,
    @Arg("transitive", () => Boolean, { nullable: true, defaultValue: false }) transitive: boolean,
  ): Promise<GroupRow[]> {
    return groupsOf(servicePrincipal.id, context, kind, transitive);
  }

  @FieldResolver(() => [DirectoryRole], {
    description: "The directory roles it holds or may activate: active or eligible, directly or through a group.",
  })
  roles(
    @Root() servicePrincipal: ServicePrincipalRow,
    @Ctx() context: Context,
    @Arg("kind", () => DirectoryRoleKindEnum, { nullable: true }) kind: DirectoryRoleKind | null,
  ): Promise<RoleRow[]> {
    return rolesOf(servicePrincipal.id, context, kind);
  }

  @FieldResolver(() => [RoleAssignment], { description: "Each role as it holds it: active or eligible, how, and where." })
  roleAssignments(
    @Root() servicePrincipal: ServicePrincipalRow,
    @Ctx() context: Context,
    @Arg("kind", () => DirectoryRoleKindEnum, { nullable: true }) kind: DirectoryRoleKind | null,
  ): Promise<HeldRoleRow[]> {
    return roleAssignmentsOf(servicePrincipal.id, context, kind);
  }
}
