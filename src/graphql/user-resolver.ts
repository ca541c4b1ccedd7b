// DirectoryUser: computed fields, each named for the loader it reads.
import { Arg, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { accountStatus, type AccountStatus } from "../directory/account-status.js";
import { userAddresses } from "../directory/addresses.js";
import type { GroupKind } from "../directory/group-kind.js";
import type { DirectoryRoleKind } from "../directory/privileged-roles.js";
import type { GroupRow } from "../loaders/groups.js";
import type { HeldRoleRow, RoleRow } from "../loaders/role-assignments.js";
import type { UserRow } from "../loaders/users.js";
import type { Context } from "./context.js";
import { RoleAssignment } from "./role-assignment-types.js";
import { roleAssignmentsOf, rolesOf } from "./role-resolver.js";
import {
  AccountStatusEnum,
  Department,
  DirectoryGroup,
  DirectoryRole,
  DirectoryRoleKindEnum,
  DirectoryUser,
  GroupKindEnum,
} from "./directory-types.js";

/** A principal's groups, direct or through nesting, optionally of one kind. */
export function groupsOf(
  principalId: string,
  context: Context,
  kind: GroupKind | null | undefined,
  transitive: boolean | null | undefined,
): Promise<GroupRow[]> {
  const groups = (transitive ? context.loaders.transitiveGroups : context.loaders.directGroups).load(principalId);
  return kind ? groups.then((all) => all.filter((group) => group.kind === kind)) : groups;
}

@Resolver(() => DirectoryUser)
export class DirectoryUserResolver {
  @FieldResolver(() => Department, { nullable: true })
  department(@Root() user: UserRow): Department | null {
    return user.department ? { name: user.department } : null;
  }

  @FieldResolver(() => DirectoryUser, { nullable: true })
  manager(@Root() user: UserRow, @Ctx() context: Context): Promise<UserRow | null> | null {
    return user.managerId ? context.loaders.userById.load(user.managerId) : null;
  }

  @FieldResolver(() => [DirectoryUser])
  directReports(@Root() user: UserRow, @Ctx() context: Context): Promise<UserRow[]> {
    return context.loaders.directReports.load(user.id);
  }

  @FieldResolver(() => AccountStatusEnum, { description: "ACTIVE, DISABLED, or DELETED (gone from the tenant)." })
  accountStatus(@Root() user: UserRow): AccountStatus {
    return accountStatus(user);
  }

  @FieldResolver(() => [DirectoryGroup])
  groups(
    @Root() user: UserRow,
    @Ctx() context: Context,
    @Arg("kind", () => GroupKindEnum, { nullable: true }) kind: GroupKind | null,
    @Arg("transitive", () => Boolean, { nullable: true, defaultValue: false }) transitive: boolean,
  ): Promise<GroupRow[]> {
    return groupsOf(user.id, context, kind, transitive);
  }

  @FieldResolver(() => [DirectoryRole], {
    description: "The directory roles the person holds or may activate: active or eligible, directly or through a group.",
  })
  roles(
    @Root() user: UserRow,
    @Ctx() context: Context,
    @Arg("kind", () => DirectoryRoleKindEnum, { nullable: true }) kind: DirectoryRoleKind | null,
  ): Promise<RoleRow[]> {
    return rolesOf(user.id, context, kind);
  }

  @FieldResolver(() => [RoleAssignment], { description: "Each role as the person holds it: active or eligible, how, and where." })
  roleAssignments(
    @Root() user: UserRow,
    @Ctx() context: Context,
    @Arg("kind", () => DirectoryRoleKindEnum, { nullable: true }) kind: DirectoryRoleKind | null,
  ): Promise<HeldRoleRow[]> {
    return roleAssignmentsOf(user.id, context, kind);
  }

  @FieldResolver(() => [String], { description: "Every address: mail, UPN, otherMails, SMTP proxy addresses." })
  emailAddresses(@Root() user: UserRow): string[] {
    return userAddresses(user).map(({ address }) => address);
  }
}

