// RoleAssignment: the group a role is held through, its scope, and when an eligibility ends.
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { GroupRow } from "../loaders/groups.js";
import type { HeldRoleRow } from "../loaders/role-assignments.js";
import type { Context } from "./context.js";
import { DirectoryGroup } from "./directory-types.js";
import { DateTime } from "./scalars.js";
import { RoleAssignment } from "./role-assignment-types.js";

/** Entra's scope of a tenant-wide assignment. */
const WHOLE_TENANT = "/";

@Resolver(() => RoleAssignment)
export class RoleAssignmentResolver {
  @FieldResolver(() => DirectoryGroup, { nullable: true, description: "The group the role is granted to, when held through one (via GROUP)." })
  group(@Root() held: HeldRoleRow, @Ctx() context: Context): Promise<GroupRow | null> | null {
    return held.groupId === null ? null : context.loaders.groupById.load(held.groupId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Null when the role reaches the whole tenant; else what it is limited to, as Entra names it: /administrativeUnits/{id} for an administrative unit, /{id} for one object.",
  })
  scope(@Root() held: HeldRoleRow): string | null {
    return held.directoryScopeId === WHOLE_TENANT ? null : held.directoryScopeId;
  }

  @FieldResolver(() => DateTime, { nullable: true, description: "When an eligibility ends; null when it is permanent, and for active assignments." })
  expiresAt(@Root() held: HeldRoleRow): Date | null {
    return held.endsAt;
  }
}
