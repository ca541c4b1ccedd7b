// resolveIdentities: the batch lookup a trace pipeline calls when it records traces, to stamp
// each with its identity and the department the person had when the trace happened.
import { Arg, Authorized, Ctx, Field, ID, InputType, ObjectType, Query, Resolver } from "type-graphql";
import { departmentAtKey } from "../loaders/department-history.js";
import type { Context } from "./context.js";
import type { IdentityClassification } from "../directory/identity-classifications.js";
import type { IdentityMethod } from "../directory/identity-methods.js";
import { IdentityClassificationEnum, IdentityMethodEnum } from "./directory-types.js";
import { badUserInput } from "./errors.js";
import { DateTime } from "./scalars.js";
import { resolveTraceIdentity } from "./trace-identity.js";

export const MAX_IDENTITY_INPUTS = 10_000;

@InputType({
  description:
    "What a trace carries; each optional. `at`: when the trace happened (default: now), which sets the department it answers and whether the session's link held then.",
})
export class IdentityInput {
  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  apiKeyId?: string | null;

  @Field(() => String, { nullable: true })
  sessionId?: string | null;

  @Field(() => DateTime, { nullable: true })
  at?: Date | null;
}

@ObjectType({ description: "One input's identity; every field null when nothing matched." })
export class ResolvedIdentity {
  @Field(() => ID, { nullable: true, description: "The person's object id." })
  userId: string | null;

  @Field(() => ID, { nullable: true, description: "The service principal's object id (NHI, or the agent of OBO)." })
  servicePrincipalId: string | null;

  @Field(() => String, { nullable: true, description: "The person's department at `at` (now, without `at`)." })
  department: string | null;

  @Field(() => IdentityClassificationEnum, { nullable: true })
  classification: IdentityClassification | null;

  @Field(() => IdentityMethodEnum, { nullable: true })
  method: IdentityMethod | null;

  @Field(() => String, { nullable: true })
  matchedOn: string | null;

  /** The integration the identity was read from (not a field): its syncedAt and stale are that integration's. */
  integrationId: string | null;
}

@Resolver()
export class ResolveIdentitiesQuery {
  @Authorized()
  @Query(() => [ResolvedIdentity], {
    description: `Up to ${MAX_IDENTITY_INPUTS.toLocaleString("en")} inputs; one result per input, in order.`,
  })
  async resolveIdentities(
    @Arg("inputs", () => [IdentityInput]) inputs: IdentityInput[],
    @Ctx() context: Context,
  ): Promise<ResolvedIdentity[]> {
    if (inputs.length > MAX_IDENTITY_INPUTS) {
      throw badUserInput("inputs", `At most ${MAX_IDENTITY_INPUTS} inputs per call; split the batch`);
    }
    return Promise.all(inputs.map((input, index) => resolveOne(input, index, context)));
  }
}

async function resolveOne(input: IdentityInput, index: number, context: Context): Promise<ResolvedIdentity> {
  const identity = await resolveTraceIdentity(
    { id: `${index}`, userEmail: input.email, apiKeyId: input.apiKeyId, sessionId: input.sessionId, at: input.at },
    context,
  );
  const user = identity?.user ?? null;
  // An empty department is none, as DirectoryUser.department and a trace's department show it.
  const department =
    (user && input.at ? await context.loaders.departmentAt.load(departmentAtKey(user.id, input.at)) : user?.department) || null;
  return {
    userId: user?.id ?? null,
    servicePrincipalId: identity?.servicePrincipal?.id ?? null,
    department,
    classification: identity?.classification ?? null,
    method: identity?.method ?? null,
    matchedOn: identity?.matchedOn ?? null,
    integrationId: user?.integrationId ?? identity?.servicePrincipal?.integrationId ?? null,
  };
}
