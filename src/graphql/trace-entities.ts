// `_entities` for a page of traces, resolved as one batch.
//
// A gateway asks for a page of traces as one `_entities` call with a representation per trace.
// @apollo/subgraph resolves representations one by one: per trace an async reference resolver,
// a promise to tag its __typename, and a promise for the executor to wait on. When every
// representation is a Trace, this resolves their identities together and answers one promise of
// the whole page; any other mix goes to @apollo/subgraph's resolver unchanged.
import type { GraphQLFieldResolver, GraphQLSchema } from "graphql";
import type { Context } from "./context.js";
import type { TraceReference } from "./trace-identity.js";
import { resolveTraceReferences } from "./trace-resolver.js";

type Representation = TraceReference & { __typename: string };

/** Wraps the schema's `_entities` resolver with the batch for pages of traces. */
export function resolveTracePagesTogether(schema: GraphQLSchema): GraphQLSchema {
  const entities = schema.getQueryType()?.getFields()._entities;
  if (!entities?.resolve) throw new Error("the subgraph schema has no _entities resolver to wrap");
  const perRepresentation: GraphQLFieldResolver<unknown, Context> = entities.resolve;
  entities.resolve = (source, args: { representations: Representation[] }, context: Context, info) =>
    args.representations.every((representation) => representation.__typename === "Trace")
      ? resolveTraceReferences(args.representations, context)
      : perRepresentation(source, args, context, info);
  return schema;
}
