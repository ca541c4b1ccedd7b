// Trace: the fields this subgraph adds to the traces subgraph's entity.
//
// Every one of them depends on the trace's identity, so the identity is resolved with the entity
// itself (`resolveTraceReference`, the `_entities` reference resolver) and the fields read it from
// their root: one promise per trace rather than one per field.
import { Arg, Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import type { GroupKind } from "../directory/group-kind.js";
import type { GroupRow } from "../loaders/groups.js";
import type { ServicePrincipalRow } from "../loaders/service-principals.js";
import type { UserRow } from "../loaders/users.js";
import type { Context } from "./context.js";
import {
  Department,
  DirectoryGroup,
  DirectoryServicePrincipal,
  DirectoryUser,
  GroupKindEnum,
  IdentityResolution,
  Trace,
} from "./directory-types.js";
import { groupsOf } from "./user-resolver.js";
import { resolveTraceIdentities, resolveTraceIdentity, type TraceIdentity, type TraceReference } from "./trace-identity.js";

const REQUIRES = '@requires(fields: "userEmail apiKeyId sessionId")';

/** A trace as its fields see it: its id and its identity (null: no one). */
export interface ResolvedTrace {
  __typename: "Trace";
  id: string;
  identity: TraceIdentity | null;
}

/** The reference resolver of Trace: a representation from the gateway, with its identity. */
export async function resolveTraceReference(trace: TraceReference, context: Context): Promise<ResolvedTrace> {
  return resolvedTrace(trace, await resolveTraceIdentity(trace, context), context);
}

/** A page of representations with their identities, resolved together (see trace-entities.ts). */
export async function resolveTraceReferences(traces: readonly TraceReference[], context: Context): Promise<ResolvedTrace[]> {
  const identities = await resolveTraceIdentities(traces, context);
  return traces.map((trace, i) => resolvedTrace(trace, identities[i]!, context));
}

function resolvedTrace(trace: TraceReference, identity: TraceIdentity | null, context: Context): ResolvedTrace {
  context.observeTrace?.(trace.id, identity?.method ?? null);
  return { __typename: "Trace", id: trace.id, identity };
}

@Resolver(() => Trace)
export class TraceResolver {
  @Directive(REQUIRES)
  @FieldResolver(() => DirectoryUser, { nullable: true, description: "The person who made the trace." })
  user(@Root() trace: ResolvedTrace): UserRow | null {
    return trace.identity?.user ?? null;
  }

  @Directive(REQUIRES)
  @FieldResolver(() => Department, { nullable: true, description: "The department of the trace's person." })
  department(@Root() trace: ResolvedTrace): Department | null {
    const department = trace.identity?.user?.department;
    return department ? { name: department } : null;
  }

  @Directive(REQUIRES)
  @FieldResolver(() => DirectoryUser, { nullable: true, description: "The manager of the trace's person." })
  manager(@Root() trace: ResolvedTrace, @Ctx() context: Context): Promise<UserRow | null> | null {
    const managerId = trace.identity?.user?.managerId;
    return managerId ? context.loaders.userById.load(managerId) : null;
  }

  @Directive(REQUIRES)
  @FieldResolver(() => [DirectoryGroup], { description: "The groups of the trace's person." })
  groups(
    @Root() trace: ResolvedTrace,
    @Ctx() context: Context,
    @Arg("kind", () => GroupKindEnum, { nullable: true }) kind: GroupKind | null,
    @Arg("transitive", () => Boolean, { nullable: true, defaultValue: false }) transitive: boolean,
  ): Promise<GroupRow[]> | GroupRow[] {
    // A person's groups; for a service principal acting alone, its own.
    const principalId = trace.identity?.user?.id ?? trace.identity?.servicePrincipal?.id;
    return principalId ? groupsOf(principalId, context, kind, transitive) : [];
  }

  @Directive(REQUIRES)
  @FieldResolver(() => IdentityResolution, { nullable: true, description: "How the trace was tied to its person." })
  identity(@Root() { identity }: ResolvedTrace): IdentityResolution | null {
    return identity && {
      method: identity.method,
      matchedOn: identity.matchedOn,
      classification: identity.classification,
      actor: identity.servicePrincipal,
    };
  }

  @Directive(REQUIRES)
  @FieldResolver(() => DirectoryServicePrincipal, {
    nullable: true,
    description: "The service principal behind the trace: acting alone (NHI) or for its person (OBO).",
  })
  servicePrincipal(@Root() trace: ResolvedTrace): ServicePrincipalRow | null {
    return trace.identity?.servicePrincipal ?? null;
  }
}
