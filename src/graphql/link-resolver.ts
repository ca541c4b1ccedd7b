// Admin operations on API key and session links, and the holder fields of a link.
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { accountStatus } from "../directory/account-status.js";
import {
  importApiKeyLinks,
  linkApiKey,
  MAX_IMPORT_ROWS,
  pageApiKeyLinks,
  unlinkApiKey,
  type ApiKeyLinkRow,
  type ImportReport,
} from "../links/api-key-links.js";
import type { HolderStatus } from "../links/holder-status.js";
import { linkSession, unlinkSession, type SessionLinkRow } from "../links/session-links.js";
import type { ServicePrincipalRow } from "../loaders/service-principals.js";
import type { UserRow } from "../loaders/users.js";
import { ADMIN } from "./auth-checker.js";
import { callerOf, type Context } from "./context.js";
import { DirectoryServicePrincipal, DirectoryUser } from "./directory-types.js";
import { DateTime } from "./scalars.js";
import {
  ApiKeyImportReport,
  ApiKeyLink,
  ApiKeyLinkConnection,
  ApiKeyLinkFilter,
  HolderStatusEnum,
  LinkApiKeyInput,
  linksByKeyId,
  SessionLink,
} from "./link-types.js";
import { connection, DEFAULT_PAGE_SIZE, pageArgs, type Connection } from "./connection.js";
import { checkedFilter } from "./filter-text.js";

@Resolver(() => ApiKeyLink)
export class ApiKeyLinkResolver {
  @Authorized(ADMIN)
  @Query(() => ApiKeyLinkConnection, { description: "The organisation's API key links by key id (admin)." })
  async apiKeyLinks(
    @Ctx() context: Context,
    @Arg("filter", () => ApiKeyLinkFilter, { nullable: true }) filter: ApiKeyLinkFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<Connection<ApiKeyLinkRow>> {
    const page = pageArgs(linksByKeyId, first, after);
    return connection(linksByKeyId, page, await pageApiKeyLinks(context.db, callerOf(context).org, checkedFilter(filter) ?? {}, page));
  }

  @Authorized(ADMIN)
  @Mutation(() => ApiKeyLink, { description: "Links an API key id to the user or service principal holding it (admin)." })
  linkApiKey(@Arg("input", () => LinkApiKeyInput) input: LinkApiKeyInput, @Ctx() context: Context): Promise<ApiKeyLinkRow> {
    const caller = callerOf(context);
    return linkApiKey(context.db, caller.org, caller.subject, input);
  }

  @Authorized(ADMIN)
  @Mutation(() => Boolean, { description: "Removes an API key link (admin); NOT_FOUND if there is none." })
  async unlinkApiKey(@Arg("apiKeyId") apiKeyId: string, @Ctx() context: Context): Promise<boolean> {
    const { org } = callerOf(context);
    await unlinkApiKey(context.db, org, apiKeyId);
    return true;
  }

  @Authorized(ADMIN)
  @Mutation(() => ApiKeyImportReport, {
    description: `Links many keys at once (up to ${MAX_IMPORT_ROWS.toLocaleString("en")}), reporting each row; all or nothing per call (admin).`,
  })
  importApiKeyLinks(
    @Arg("rows", () => [LinkApiKeyInput]) rows: LinkApiKeyInput[],
    @Ctx() context: Context,
  ): Promise<ImportReport> {
    const caller = callerOf(context);
    return importApiKeyLinks(context.db, caller.org, caller.subject, rows);
  }

  @Authorized(ADMIN)
  @Mutation(() => SessionLink, {
    description:
      "Links a session to its user or service principal, optionally until a time (admin). CONFLICT while another identity holds the session, unless that link has expired.",
  })
  linkSession(
    @Arg("sessionId") sessionId: string,
    @Arg("holderId", () => ID) holderId: string,
    @Arg("expiresAt", () => DateTime, { nullable: true }) expiresAt: Date | null,
    @Ctx() context: Context,
  ): Promise<SessionLinkRow> {
    const caller = callerOf(context);
    return linkSession(context.db, caller.org, caller.subject, { sessionId, holderId, expiresAt });
  }

  @Authorized(ADMIN)
  @Mutation(() => Boolean, { description: "Removes a session link (admin); NOT_FOUND if there is none." })
  async unlinkSession(@Arg("sessionId") sessionId: string, @Ctx() context: Context): Promise<boolean> {
    const { org } = callerOf(context);
    await unlinkSession(context.db, org, sessionId);
    return true;
  }

  @FieldResolver(() => HolderStatusEnum, { description: "Where the holder stands in the directory now." })
  async status(@Root() link: ApiKeyLinkRow, @Ctx() context: Context): Promise<HolderStatus> {
    if (link.holderKind === "SERVICE_PRINCIPAL") {
      const servicePrincipal = await context.loaders.servicePrincipalById.load(link.holderId);
      if (!servicePrincipal) return "MISSING";
      return servicePrincipal.accountEnabled ? "ACTIVE" : "DISABLED";
    }
    const user = await context.loaders.userById.load(link.holderId);
    return user ? accountStatus(user) : "MISSING";
  }

  @FieldResolver(() => DirectoryUser, { nullable: true, description: "The holder, when a user (tombstones included)." })
  user(@Root() link: ApiKeyLinkRow, @Ctx() context: Context): Promise<UserRow | null> | null {
    return link.holderKind === "USER" ? context.loaders.userById.load(link.holderId) : null;
  }

  @FieldResolver(() => DirectoryServicePrincipal, { nullable: true, description: "The holder, when a service principal." })
  servicePrincipal(@Root() link: ApiKeyLinkRow, @Ctx() context: Context): Promise<ServicePrincipalRow | null> | null {
    return link.holderKind === "SERVICE_PRINCIPAL" ? context.loaders.servicePrincipalById.load(link.holderId) : null;
  }
}
