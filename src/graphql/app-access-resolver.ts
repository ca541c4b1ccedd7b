// Application access on the directory's types: a person's applications (`appAssignments`), an
// application's assignees (`assignments`), whether it is an AI tool, and the admin's mark.
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from "type-graphql";
import { markAiApplication } from "../applications/ai-applications.js";
import type { ApplicationAssignmentRow, HeldAppRow } from "../loaders/app-assignments.js";
import type { GroupRow } from "../loaders/groups.js";
import { parentPageKey } from "../loaders/parent-pages.js";
import type { ServicePrincipalRow } from "../loaders/service-principals.js";
import type { UserRow } from "../loaders/users.js";
import { AppAssignment, ApplicationAssignment, ApplicationAssignmentConnection, assignmentsByName } from "./app-access-types.js";
import { ADMIN } from "./auth-checker.js";
import { connection, DEFAULT_PAGE_SIZE, pageArgs, type Connection } from "./connection.js";
import { callerOf, type Context } from "./context.js";
import { DirectoryGroup, DirectoryServicePrincipal, DirectoryUser } from "./directory-types.js";

@Resolver(() => DirectoryUser)
export class UserAppAccessResolver {
  @FieldResolver(() => [AppAssignment], {
    description:
      "The enterprise applications the person is assigned to, by name: directly or through a group, with the app role. An application that requires no assignment (appRoleAssignmentRequired false) lets the person in unassigned, and is listed only when assigned.",
  })
  async appAssignments(
    @Root() user: UserRow,
    @Ctx() context: Context,
    @Arg("aiOnly", () => Boolean, { defaultValue: false, description: "Only applications the organisation marked as AI tools." })
    aiOnly: boolean,
  ): Promise<HeldAppRow[]> {
    const held = await context.loaders.appAssignments.load(user.id);
    return aiOnly ? held.filter((app) => app.isAiApplication) : held;
  }
}

@Resolver(() => AppAssignment)
export class AppAssignmentResolver {
  @FieldResolver(() => DirectoryServicePrincipal, { description: "The application's service principal." })
  async application(@Root() held: HeldAppRow, @Ctx() context: Context): Promise<ServicePrincipalRow> {
    // The loader's statement joins the service principal: it is in the mirror.
    return (await context.loaders.servicePrincipalById.load(held.resourceId)) as ServicePrincipalRow;
  }

  @FieldResolver(() => String, { nullable: true, description: "The app role held; null for default access (no role of the app's own)." })
  appRole(@Root() held: HeldAppRow): string | null {
    return held.appRoleName;
  }

  @FieldResolver(() => DirectoryGroup, { nullable: true, description: "The group assigned, when held through one (via GROUP)." })
  group(@Root() held: HeldAppRow, @Ctx() context: Context): Promise<GroupRow | null> | null {
    return held.groupId === null ? null : context.loaders.groupById.load(held.groupId);
  }
}

@Resolver(() => DirectoryServicePrincipal)
export class ApplicationResolver {
  @FieldResolver(() => Boolean, { description: "Whether the organisation marked this application as an AI tool (markAiApplication)." })
  async isAiApplication(@Root() servicePrincipal: ServicePrincipalRow, @Ctx() context: Context): Promise<boolean> {
    return servicePrincipal.appId !== null && (await context.loaders.aiApplication.load(servicePrincipal.appId));
  }

  @FieldResolver(() => ApplicationAssignmentConnection, {
    description:
      "Who is assigned to the application (users, groups, service principals), by name; empty unless it is an enterprise application. Where appRoleAssignmentRequired is false anyone in the tenant may sign in, assigned or not.",
  })
  async assignments(
    @Root() servicePrincipal: ServicePrincipalRow,
    @Ctx() context: Context,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<Connection<ApplicationAssignmentRow>> {
    const page = pageArgs(assignmentsByName, first, after);
    const { loaders } = context;
    const rows = await loaders.applicationAssignmentPages.load(parentPageKey(servicePrincipal.id, page));
    return connection(assignmentsByName, page, { rows, total: () => loaders.applicationAssignmentCount.load(servicePrincipal.id) });
  }

  @Authorized(ADMIN)
  @Mutation(() => DirectoryServicePrincipal, {
    nullable: true,
    description:
      "Marks (ai: true) or unmarks an application as an AI tool of the organisation, by app (client) id (admin). The mark survives resyncs and may precede the application's first sync; returns its service principal, null while none is mirrored.",
  })
  async markAiApplication(
    @Arg("appId", () => String) appId: string,
    @Arg("ai", () => Boolean) ai: boolean,
    @Ctx() context: Context,
  ): Promise<ServicePrincipalRow | null> {
    const caller = callerOf(context);
    await markAiApplication(context.db, caller.org, caller.subject, appId, ai);
    return context.loaders.servicePrincipalByAppId.load(appId.toLowerCase());
  }
}

@Resolver(() => ApplicationAssignment)
export class ApplicationAssignmentResolver {
  @FieldResolver(() => String, { nullable: true, description: "The app role held; null for default access." })
  appRole(@Root() assignment: ApplicationAssignmentRow): string | null {
    return assignment.appRoleName;
  }

  @FieldResolver(() => DirectoryUser, { nullable: true, description: "The person assigned, when a user is." })
  user(@Root() assignment: ApplicationAssignmentRow, @Ctx() context: Context): Promise<UserRow | null> | null {
    return assignment.principalType === "User" ? context.loaders.userById.load(assignment.principalId) : null;
  }

  @FieldResolver(() => DirectoryGroup, { nullable: true, description: "The group assigned (its direct members may use the application)." })
  group(@Root() assignment: ApplicationAssignmentRow, @Ctx() context: Context): Promise<GroupRow | null> | null {
    return assignment.principalType === "Group" ? context.loaders.groupById.load(assignment.principalId) : null;
  }

  @FieldResolver(() => DirectoryServicePrincipal, { nullable: true, description: "The service principal assigned, when one is." })
  servicePrincipal(@Root() assignment: ApplicationAssignmentRow, @Ctx() context: Context): Promise<ServicePrincipalRow | null> | null {
    return assignment.principalType === "ServicePrincipal" ? context.loaders.servicePrincipalById.load(assignment.principalId) : null;
  }
}
