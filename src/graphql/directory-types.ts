// The directory's GraphQL types: the names clients and the traces subgraph rely on
// (schema/subgraph.graphql), to extend but never rename. They reference one another, so they live in
// one module; their roots are mirror rows (see src/loaders), and computed fields have resolvers.
import { Directive, Field, ID, InputType, ObjectType } from "type-graphql";
import { ACCOUNT_STATUSES, type AccountStatus } from "../directory/account-status.js";
import { GROUP_KINDS, type GroupKind } from "../directory/group-kind.js";
import { IDENTITY_CLASSIFICATIONS, type IdentityClassification } from "../directory/identity-classifications.js";
import { IDENTITY_METHODS, type IdentityMethod } from "../directory/identity-methods.js";
import { DIRECTORY_ROLE_KINDS } from "../directory/privileged-roles.js";
import type { GroupRow } from "../loaders/groups.js";
import type { UserRow } from "../loaders/users.js";
import { connectionType, type Keyset } from "./connection.js";
import { enumType } from "./enum-type.js";

export const AccountStatusEnum = enumType(ACCOUNT_STATUSES, "AccountStatus");

export const GroupKindEnum = enumType(GROUP_KINDS, "GroupKind");

export const IdentityMethodEnum = enumType(IDENTITY_METHODS, "IdentityMethod");
export const IdentityClassificationEnum = enumType(IDENTITY_CLASSIFICATIONS, "IdentityClassification");
export const DirectoryRoleKindEnum = enumType(DIRECTORY_ROLE_KINDS, "DirectoryRoleKind");

@ObjectType({ description: "A directory role (Global Administrator, User Administrator, ...)." })
export class DirectoryRole {
  @Field(() => ID, { description: "The role definition's id: for a built-in role its template id, the same in every tenant." })
  id: string;

  @Field()
  displayName: string;

  @Field()
  roleTemplateId: string;
}

@Directive('@key(fields: "name")')
@ObjectType({ description: "A department, as named by its people's `department` attribute." })
export class Department {
  @Field()
  name: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: "A person (or guest) of a connected Entra ID tenant." })
export class DirectoryUser {
  @Field(() => ID, { description: "The Entra object id." })
  id: string;

  @Field(() => String, { nullable: true })
  displayName: string | null;

  @Field(() => String, { nullable: true, description: "Primary email address." })
  mail: string | null;

  @Field()
  userPrincipalName: string;

  @Field(() => String, { nullable: true })
  jobTitle: string | null;

  @Field()
  accountEnabled: boolean;

  @Field(() => String, { nullable: true, description: "Member or Guest." })
  userType: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: "A group of a connected tenant." })
export class DirectoryGroup {
  @Field(() => ID)
  id: string;

  @Field()
  displayName: string;

  @Field(() => String, { nullable: true })
  mail: string | null;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => GroupKindEnum)
  kind: GroupKind;
}

export const DirectoryUserConnection = connectionType("DirectoryUser", () => DirectoryUser);
export const DirectoryGroupConnection = connectionType("DirectoryGroup", () => DirectoryGroup);

/** People by name (no name first), then id: the order of src/loaders/directory-pages.ts. */
export const usersByName: Keyset<UserRow, [string, string]> = {
  name: "DirectoryUser",
  keyOf: (user) => [user.displayName ?? "", user.id],
  size: 2,
};

/** Groups by name, then id. */
export const groupsByName: Keyset<GroupRow, [string, string]> = {
  name: "DirectoryGroup",
  keyOf: (group) => [group.displayName, group.id],
  size: 2,
};

@Directive('@key(fields: "id")')
@ObjectType({ description: "A service principal (app or managed identity) of a connected tenant: a non-human identity." })
export class DirectoryServicePrincipal {
  @Field(() => ID, { description: "The Entra object id." })
  id: string;

  @Field(() => String, { nullable: true, description: "The application (client) id." })
  appId: string | null;

  @Field(() => String, { nullable: true })
  displayName: string | null;

  @Field(() => String, { nullable: true, description: "Application, ManagedIdentity, Legacy or SocialIdp." })
  servicePrincipalType: string | null;

  @Field({ description: "False: no one may sign in to the application, assigned or not (Entra's 'Enabled for users to sign in')." })
  accountEnabled: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "Whether only those assigned to the application may sign in (Entra's 'Assignment required'); false: anyone in the tenant may, guests included, so `assignments` lists some of its users, not all. Null until its tenant's next sync reads it.",
  })
  appRoleAssignmentRequired: boolean | null;
}

@ObjectType({ description: "How a trace was tied to its identity." })
export class IdentityResolution {
  @Field(() => IdentityMethodEnum)
  method: IdentityMethod;

  @Field({ description: "The trace value that matched (an email, API key id or session id)." })
  matchedOn: string;

  @Field(() => IdentityClassificationEnum, { description: "HUMAN, NHI (a service principal), or OBO (an agent for a person)." })
  classification: IdentityClassification;

  @Field(() => DirectoryServicePrincipal, {
    nullable: true,
    description: "The service principal that acted: for NHI the identity itself, for OBO the agent; null for HUMAN.",
  })
  actor: DirectoryServicePrincipal | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: "An AI trace, owned by the traces subgraph; this subgraph adds who made it." })
export class Trace {
  @Field(() => ID)
  id: string;

  @Directive("@external")
  @Field(() => String, { nullable: true })
  userEmail?: string | null;

  @Directive("@external")
  @Field(() => String, { nullable: true })
  apiKeyId?: string | null;

  @Directive("@external")
  @Field(() => String, { nullable: true })
  sessionId?: string | null;
}

@InputType({ description: "Narrows directoryUsers; every given criterion must hold." })
export class DirectoryUserFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive text in the name or any email address." })
  search?: string | null;

  @Field(() => String, { nullable: true })
  department?: string | null;

  @Field(() => ID, { nullable: true, description: "Direct members of this group." })
  groupId?: string | null;

  @Field(() => AccountStatusEnum, { nullable: true })
  accountStatus?: AccountStatus | null;
}

@InputType({ description: "Narrows directoryGroups; every given criterion must hold." })
export class DirectoryGroupFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive text in the name or mail." })
  search?: string | null;

  @Field(() => GroupKindEnum, { nullable: true })
  kind?: GroupKind | null;
}
