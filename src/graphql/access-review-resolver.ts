// accessReview (admin): API key holders that warrant a look, paginated and filterable.
import { Arg, Authorized, Ctx, Field, ID, InputType, Int, ObjectType, Query, registerEnumType, Resolver } from "type-graphql";
import { listApiKeyLinks } from "../links/api-key-links.js";
import { reviewAccess, type AccessFinding as Finding, type AccessFindingKind as Kind } from "../links/access-review.js";
import { ADMIN } from "./auth-checker.js";
import { callerOf, type Context } from "./context.js";
import { PageInfo } from "./directory-types.js";
import { badUserInput } from "./errors.js";
import { DateTime } from "./integration-types.js";
import { HolderKind } from "./link-types.js";
import { checkFirst } from "./paging.js";

export enum AccessFindingKind {
  DISABLED_ACCOUNT = "DISABLED_ACCOUNT",
  DELETED_ACCOUNT = "DELETED_ACCOUNT",
  GUEST = "GUEST",
  PRIVILEGED_ROLE = "PRIVILEGED_ROLE",
  SERVICE_PRINCIPAL_WITHOUT_OWNER = "SERVICE_PRINCIPAL_WITHOUT_OWNER",
  DISABLED_SERVICE_PRINCIPAL = "DISABLED_SERVICE_PRINCIPAL",
  MISSING_IDENTITY = "MISSING_IDENTITY",
}
registerEnumType(AccessFindingKind, { name: "AccessFindingKind", description: "Why a key holder warrants a look." });

@ObjectType({ description: "A key holder that warrants a look, with the keys involved." })
export class AccessFinding {
  @Field(() => AccessFindingKind)
  kind: Kind;

  @Field(() => ID, { description: "The user's or service principal's object id." })
  subjectId: string;

  @Field(() => HolderKind)
  subjectKind: "USER" | "SERVICE_PRINCIPAL";

  @Field(() => String, { nullable: true })
  department: string | null;

  @Field(() => [String])
  apiKeyIds: string[];

  @Field(() => DateTime, { description: "Since when the subject has held linked keys." })
  since: Date;

  @Field()
  detail: string;
}

@ObjectType()
export class AccessFindingEdge {
  @Field()
  cursor: string;

  @Field(() => AccessFinding)
  node: AccessFinding;
}

@ObjectType()
export class AccessFindingConnection {
  @Field(() => [AccessFindingEdge])
  edges: AccessFindingEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

@InputType()
export class AccessReviewFilter {
  @Field(() => [AccessFindingKind], { nullable: true })
  kinds?: Kind[] | null;

  @Field(() => String, { nullable: true, description: "The subject's department (people only)." })
  department?: string | null;
}

const cursorOf = (finding: Finding) => Buffer.from(`${finding.kind}:${finding.subjectId}`).toString("base64url");

@Resolver()
export class AccessReviewQuery {
  @Authorized(ADMIN)
  @Query(() => AccessFindingConnection, { description: "Key holders that warrant a look (admin)." })
  async accessReview(
    @Ctx() context: Context,
    @Arg("filter", () => AccessReviewFilter, { nullable: true }) filter: AccessReviewFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<AccessFindingConnection> {
    const { org } = callerOf(context);
    const size = checkFirst(first);
    const { loaders } = context;
    const links = await listApiKeyLinks(context.db, org);
    const findings = (
      await reviewAccess(links, {
        user: (id) => loaders.userById.load(id),
        servicePrincipal: (id) => loaders.servicePrincipalById.load(id),
        roles: (id) => loaders.roles.load(id),
      })
    ).filter(
      (f) => (!filter?.kinds?.length || filter.kinds.includes(f.kind)) && (filter?.department == null || f.department === filter.department),
    );
    const start = after ? findings.findIndex((f) => cursorOf(f) === after) + 1 : 0;
    if (after && start === 0) throw badUserInput("after", "after is not a cursor returned by this API");
    const edges = findings.slice(start, start + size).map((node) => ({ cursor: cursorOf(node), node }));
    return {
      edges,
      pageInfo: { hasNextPage: start + size < findings.length, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: findings.length,
    };
  }
}
