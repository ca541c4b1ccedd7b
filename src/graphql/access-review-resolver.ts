// accessReview (admin): API key holders that warrant a look, paginated and filterable.
import { Arg, Authorized, Ctx, Field, ID, InputType, Int, ObjectType, Query, Resolver } from "type-graphql";
import { listApiKeyLinks } from "../links/api-key-links.js";
import {
  ACCESS_FINDING_KINDS,
  DEFAULT_INACTIVE_DAYS,
  inReviewOrder,
  reviewAccess,
  type AccessFinding as Finding,
  type AccessFindingKind as Kind,
} from "../links/access-review.js";
import type { HolderKind } from "../links/holder-kind.js";
import { ADMIN } from "./auth-checker.js";
import { callerOf, type Context } from "./context.js";
import { connection, DEFAULT_PAGE_SIZE, connectionType, pageArgs, type Connection, type Keyset } from "./connection.js";
import { enumType } from "./enum-type.js";
import { badUserInput } from "./errors.js";
import { DateTime } from "./scalars.js";
import { HolderKindEnum } from "./link-types.js";

export const AccessFindingKindEnum = enumType(ACCESS_FINDING_KINDS, "AccessFindingKind", "Why a key holder warrants a look.");

@ObjectType({ description: "A key holder that warrants a look, with the keys involved." })
export class AccessFinding {
  @Field(() => AccessFindingKindEnum)
  kind: Kind;

  @Field(() => ID, { description: "The user's or service principal's object id." })
  subjectId: string;

  @Field(() => HolderKindEnum)
  subjectKind: HolderKind;

  @Field(() => String, { nullable: true })
  department: string | null;

  @Field(() => [String])
  apiKeyIds: string[];

  @Field(() => DateTime, { description: "Since when the subject has held linked keys." })
  since: Date;

  @Field()
  detail: string;
}

export const AccessFindingConnection = connectionType("AccessFinding", () => AccessFinding);

/** Findings in the review's order: by kind, then subject id. */
const findingsInOrder: Keyset<Finding, [kind: string, subjectId: string]> = {
  name: "AccessFinding",
  keyOf: (finding) => [finding.kind, finding.subjectId],
  size: 2,
};

@InputType()
export class AccessReviewFilter {
  @Field(() => [AccessFindingKindEnum], { nullable: true })
  kinds?: Kind[] | null;

  @Field(() => String, { nullable: true, description: "The subject's department (people only)." })
  department?: string | null;
}

@Resolver()
export class AccessReviewQuery {
  @Authorized(ADMIN)
  @Query(() => AccessFindingConnection, { description: "Key holders that warrant a look (admin)." })
  async accessReview(
    @Ctx() context: Context,
    @Arg("filter", () => AccessReviewFilter, { nullable: true }) filter: AccessReviewFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("inactiveDays", () => Int, {
      defaultValue: DEFAULT_INACTIVE_DAYS,
      description: "INACTIVE_ACCOUNT: days without a sign-in after which a person holding keys is a finding (or, with no sign-in on record, days since the account was created).",
    })
    inactiveDays: number,
  ): Promise<Connection<Finding>> {
    const { org } = callerOf(context);
    const page = pageArgs(findingsInOrder, first, after);
    if (!Number.isInteger(inactiveDays) || inactiveDays < 1) throw badUserInput("inactiveDays", "inactiveDays must be a positive number of days");
    const inactiveSince = new Date(Date.now() - inactiveDays * 24 * 60 * 60 * 1000);
    const { loaders } = context;
    const links = await listApiKeyLinks(context.db, org);
    const findings = (
      await reviewAccess(links, {
        user: (id) => loaders.userById.load(id),
        servicePrincipal: (id) => loaders.servicePrincipalById.load(id),
        roleAssignments: (id) => loaders.roleAssignments.load(id),
        signIns: (id) => loaders.signIns.load(id),
      }, { inactiveSince, inactiveDays })
    ).filter(
      (f) => (!filter?.kinds?.length || filter.kinds.includes(f.kind)) && (filter?.department == null || f.department === filter.department),
    );
    // Computed whole (the review reads every link), so a page is a slice after the cursor's key.
    const key = page.after && { kind: page.after[0], subjectId: page.after[1] };
    const start = key ? findings.findIndex((finding) => inReviewOrder(finding, key) > 0) : 0;
    const rows = start < 0 ? [] : findings.slice(start, start + page.first + 1);
    return connection(findingsInOrder, page, { rows, total: async () => findings.length });
  }
}
