// Trace: the fields this subgraph adds to the traces subgraph's entity.
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
import { resolveTraceIdentity, type TraceReference } from "./trace-identity.js";

const REQUIRES = '@requires(fields: "userEmail apiKeyId sessionId")';

@Resolver(() => Trace)
export class TraceResolver {
  @Directive(REQUIRES)
  @FieldResolver(() => DirectoryUser, { nullable: true, description: "The person who made the trace." })
  async user(@Root() trace: TraceReference, @Ctx() context: Context): Promise<UserRow | null> {
    const identity = await resolveTraceIdentity(trace, context);
    context.observeTrace?.(trace.id, identity?.method ?? null);
    return identity?.user ?? null;
  }

  @Directive(REQUIRES)
  @FieldResolver(() => Department, { nullable: true, description: "The department of the trace's person." })
  async department(@Root() trace: TraceReference, @Ctx() context: Context): Promise<Department | null> {
    const department = (await resolveTraceIdentity(trace, context))?.user?.department;
    return department ? { name: department } : null;
  }

  @Directive(REQUIRES)
  @FieldResolver(() => DirectoryUser, { nullable: true, description: "The manager of the trace's person." })
  async manager(@Root() trace: TraceReference, @Ctx() context: Context): Promise<UserRow | null> {
    const managerId = (await resolveTraceIdentity(trace, context))?.user?.managerId;
    return managerId ? context.loaders.userById.load(managerId) : null;
  }

  @Directive(REQUIRES)
  @FieldResolver(() => [DirectoryGroup], { description: "The groups of the trace's person." })
  async groups(
    @Root() trace: TraceReference,
    @Ctx() context: Context,
    @Arg("kind", () => GroupKindEnum, { nullable: true }) kind: GroupKind | null,
    @Arg("transitive", () => Boolean, { nullable: true, defaultValue: false }) transitive: boolean,
  ): Promise<GroupRow[]> {
    const identity = await resolveTraceIdentity(trace, context);
    // A person's groups; for a service principal acting alone, its own.
    const principalId = identity?.user?.id ?? identity?.servicePrincipal?.id;
    return principalId ? groupsOf(principalId, context, kind, transitive) : [];
  }

  @Directive(REQUIRES)
  @FieldResolver(() => IdentityResolution, { nullable: true, description: "How the trace was tied to its person." })
  async identity(@Root() trace: TraceReference, @Ctx() context: Context): Promise<IdentityResolution | null> {
    const identity = await resolveTraceIdentity(trace, context);
    context.observeTrace?.(trace.id, identity?.method ?? null);
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
  async servicePrincipal(@Root() trace: TraceReference, @Ctx() context: Context): Promise<ServicePrincipalRow | null> {
    return (await resolveTraceIdentity(trace, context))?.servicePrincipal ?? null;
  }
}
