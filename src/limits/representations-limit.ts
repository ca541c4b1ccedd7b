// Caps the entities one request may ask for: `_entities(representations: [...])` past the limit
// is refused before anything is resolved, with HTTP 400 and an error that says how to split the
// request.
//
// A gateway sends one representation per trace of a page; a page of 10,000 traces costs a
// handful of SQL statements (see loaders/batch.ts), but an unbounded list lets one request
// hold the database and the heap for as long as it likes.
import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type OperationDefinitionNode, type ValueNode } from "graphql";
import { badRequest } from "../graphql/errors.js";

export function representationsLimitPlugin(maxRepresentations: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (!operation) return;
          const count = countRepresentations(operation, request.variables ?? {});
          if (count > maxRepresentations) {
            throw badRequest(
              "representations",
              `This request asks for ${count} entities; at most ${maxRepresentations} representations are served per request (MAX_REPRESENTATIONS). Ask for fewer traces per page.`,
            );
          }
        },
      };
    },
  };
}

/** Representations across the operation's `_entities` fields (a gateway sends one, aliases may add more). */
function countRepresentations(operation: OperationDefinitionNode, variables: Record<string, unknown>): number {
  let count = 0;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value !== "_entities") continue;
    const argument = selection.arguments?.find((a) => a.name.value === "representations");
    if (argument) count += listLength(argument.value, variables);
  }
  return count;
}

function listLength(value: ValueNode, variables: Record<string, unknown>): number {
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const list = variables[value.name.value];
    return Array.isArray(list) ? list.length : 0;
  }
  return 1;
}
