// How a principal holds a directory role: active or eligible, directly or through a group, at a
// scope. Its root is a row of src/loaders/role-assignments.ts.
import { Field, ObjectType } from "type-graphql";
import { ROLE_ASSIGNMENT_STATES, type RoleAssignmentState } from "../directory/role-assignment-state.js";
import { ROLE_GRANTS, type RoleGrant } from "../directory/role-grant.js";
import type { RoleRow } from "../loaders/role-assignments.js";
import { DirectoryRole } from "./directory-types.js";
import { enumType } from "./enum-type.js";

export const RoleAssignmentStateEnum = enumType(
  ROLE_ASSIGNMENT_STATES,
  "RoleAssignmentState",
  "ACTIVE: held now. ELIGIBLE: may be activated at any moment through Privileged Identity Management.",
);

export const RoleGrantEnum = enumType(
  ROLE_GRANTS,
  "RoleGrant",
  "DIRECT: granted to the principal itself. GROUP: held as a member of the group it is granted to.",
);

@ObjectType({ description: "A directory role as a principal holds it." })
export class RoleAssignment {
  @Field(() => DirectoryRole)
  role: RoleRow;

  @Field(() => RoleAssignmentStateEnum)
  state: RoleAssignmentState;

  @Field(() => RoleGrantEnum)
  via: RoleGrant;
}
