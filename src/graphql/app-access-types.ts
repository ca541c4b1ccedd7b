// Application access: an enterprise application as a person may use it, and an assignment as
// the application's list of who is assigned shows it. Their roots are rows of
// src/loaders/app-assignments.ts.
import { Field, ID, ObjectType } from "type-graphql";
import type { RoleGrant } from "../directory/role-grant.js";
import type { ApplicationAssignmentRow } from "../loaders/app-assignments.js";
import { connectionType, type Keyset } from "./connection.js";
import { RoleGrantEnum } from "./role-assignment-types.js";

@ObjectType({
  description:
    "An enterprise application a person is assigned to: directly, or through a group they are a direct member of. Whether they can sign in is the application's too: no one can where its accountEnabled is false.",
})
export class AppAssignment {
  @Field(() => RoleGrantEnum, { description: "DIRECT: assigned to the person. GROUP: assigned to a group they are a direct member of." })
  via: RoleGrant;
}

@ObjectType({ description: "A user, group or service principal assigned to an application." })
export class ApplicationAssignment {
  @Field(() => ID, { description: "The assigned principal's object id." })
  principalId: string;

  @Field({ description: "User, Group or ServicePrincipal, as Entra names them." })
  principalType: string;

  @Field(() => String, { nullable: true })
  principalDisplayName: string | null;
}

export const ApplicationAssignmentConnection = connectionType("ApplicationAssignment", () => ApplicationAssignment);

/** An application's assignments by the assigned principal's name, then assignment id. */
export const assignmentsByName: Keyset<ApplicationAssignmentRow, [string, string]> = {
  name: "assignmentsByName",
  keyOf: (row) => [row.principalDisplayName ?? "", row.id],
  size: 2,
};
