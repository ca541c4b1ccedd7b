// `_entities`: representations checked first (entity-representations.ts), and a page of traces
// resolved as one batch.
//
// A gateway asks for a page of traces as one `_entities` call with a representation per trace.
// @apollo/subgraph resolves representations one by one: per trace an async reference resolver,
// a promise to tag its __typename, and a promise for the executor to wait on. When every
// representation is a Trace, this resolves their identities together and answers one promise of
// the whole page; any other mix goes to @apollo/subgraph's resolver unchanged.
import type { GraphQLError, GraphQLFieldResolver, GraphQLSchema } from "graphql";
import type { Context } from "./context.js";
import { representationCheck } from "./entity-representations.js";
import type { TraceReference } from "./trace-identity.js";
import { resolveTraceReferences } from "./trace-resolver.js";

type Representation = TraceReference & { __typename: string };
type Answer = unknown[] | Promise<unknown[]>;

/** Wraps the schema's `_entities` resolver with the check of representations and the batch for pages of traces. */
export function resolveTracePagesTogether(schema: GraphQLSchema): GraphQLSchema {
  const entities = schema.getQueryType()?.getFields()._entities;
  if (!entities?.resolve) throw new Error("the subgraph schema has no _entities resolver to wrap");
  const perRepresentation = entities.resolve as GraphQLFieldResolver<unknown, Context>;
  const check = representationCheck(schema);
  entities.resolve = (source, args: { representations: Representation[] }, context: Context, info) => {
    const resolve = (representations: Representation[]): Answer =>
      representations.every((representation) => representation.__typename === "Trace")
        ? resolveTraceReferences(representations, context)
        : (perRepresentation(source, { ...args, representations }, context, info) as Answer);
    const refusals = args.representations.map(check);
    if (refusals.every((refusal) => refusal === null)) return resolve(args.representations);
    const answer = resolve(args.representations.filter((_, i) => refusals[i] === null));
    return answer instanceof Promise ? answer.then((resolved) => inPlace(refusals, resolved)) : inPlace(refusals, answer);
  };
  return schema;
}

/** The refusals at their places (an error there is that item's), the resolved in the others, in order. */
function inPlace(refusals: readonly (GraphQLError | null)[], resolved: readonly unknown[]): unknown[] {
  let next = 0;
  return refusals.map((refusal) => refusal ?? resolved[next++]);
}
