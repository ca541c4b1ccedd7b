// Builds the Federation 2 subgraph schema from the type-graphql classes.
//
// type-graphql's own printer drops @key/@requires, so its schema is printed with directives,
// prefixed with the federation @link, and rebuilt by @apollo/subgraph with the same resolvers
// plus the entities' reference resolvers.
import "reflect-metadata";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type GraphQLSchema } from "graphql";
import { buildSchema, createResolversMap, type BuildSchemaOptions } from "type-graphql";
import { storableText } from "../db/storable-text.js";
import { authChecker } from "./auth-checker.js";
import type { Context } from "./context.js";
import { leanResolvers, type ResolversMap } from "./lean-resolvers.js";
import { Trace } from "./directory-types.js";
import { DepartmentResolver } from "./department-resolver.js";
import { DirectoryQueries } from "./directory-queries.js";
import { DirectoryGroupResolver } from "./group-resolver.js";
import { IntegrationResolver } from "./integration-resolver.js";
// Imported in this order, the root fields print in it: queries of the directory, of integrations, then of links.
import { AccessReviewQuery } from "./access-review-resolver.js";
import { ApiKeyLinkResolver } from "./link-resolver.js";
import { ResolveIdentitiesQuery } from "./resolve-identities.js";
import { RoleAssignmentResolver } from "./role-assignment-resolver.js";
import { DirectoryRoleResolver } from "./role-resolver.js";
import { DirectoryServicePrincipalResolver } from "./service-principal-resolver.js";
import { resolveTracePagesTogether } from "./trace-entities.js";
import { resolveTraceReference, TraceResolver } from "./trace-resolver.js";
import { DirectoryUserResolver } from "./user-resolver.js";
import { AppAssignmentResolver, ApplicationAssignmentResolver, ApplicationResolver, UserAppAccessResolver } from "./app-access-resolver.js";
import {
  DirectoryFreshnessQuery,
  ResolvedIdentityFreshnessResolver,
  ServicePrincipalFreshnessResolver,
  UserFreshnessResolver,
} from "./freshness-resolver.js";
import { UserSignInResolver } from "./sign-in-resolver.js";

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@shareable"])`;

/** How the gateway's `_entities` representations become roots for this subgraph's fields. */
const referenceResolvers = {
  Trace: { __resolveReference: resolveTraceReference },
  DirectoryUser: {
    __resolveReference: ({ id }: { id: string }, context: Context) => context.caller && context.loaders.userById.load(id),
  },
  DirectoryGroup: {
    __resolveReference: ({ id }: { id: string }, context: Context) =>
      context.caller && context.loaders.groupById.load(id),
  },
  // Named as the mirror stores it (a NUL as U+FFFD), so that its people are found, not refused by PostgreSQL.
  Department: { __resolveReference: ({ name }: { name: string }) => ({ name: storableText(name) }) },
  DirectoryServicePrincipal: {
    __resolveReference: ({ id }: { id: string }, context: Context) =>
      context.caller && context.loaders.servicePrincipalById.load(id),
  },
};

export async function buildIdentitySchema(): Promise<GraphQLSchema> {
  const options: BuildSchemaOptions = {
    resolvers: [
      DirectoryQueries,
      TraceResolver,
      DirectoryUserResolver,
      DirectoryGroupResolver,
      DepartmentResolver,
      IntegrationResolver,
      ApiKeyLinkResolver,
      ResolveIdentitiesQuery,
      DirectoryRoleResolver,
      RoleAssignmentResolver,
      DirectoryServicePrincipalResolver,
      AccessReviewQuery,
      UserAppAccessResolver,
      AppAssignmentResolver,
      ApplicationResolver,
      ApplicationAssignmentResolver,
      UserSignInResolver,
      UserFreshnessResolver,
      ServicePrincipalFreshnessResolver,
      ResolvedIdentityFreshnessResolver,
      DirectoryFreshnessQuery,
    ],
    // Trace is reached only through `_entities`, which @apollo/subgraph adds later.
    orphanedTypes: [Trace],
    authChecker,
    skipCheck: true,
    validate: false,
  };
  const schema = await buildSchema(options);
  const resolvers = leanResolvers(createResolversMap(schema) as ResolversMap, options);
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...resolvers[typeName], ...reference };
  }
  return resolveTracePagesTogether(
    buildSubgraphSchema([
      { typeDefs: parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`), resolvers: resolvers as never },
    ]),
  );
}
