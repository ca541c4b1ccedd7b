// Refuses every operation without a caller, except the federation SDL that gateways fetch
// anonymously to compose the supergraph.
import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type OperationDefinitionNode } from "graphql";
import type { Context } from "./context.js";
import { unauthenticated } from "./errors.js";

const ANONYMOUS_FIELDS = new Set(["_service", "__typename"]);

function onlyAnonymousFields(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && ANONYMOUS_FIELDS.has(selection.name.value),
  );
}

export const requireCallerPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation }) {
        if (!contextValue.caller && (!operation || !onlyAnonymousFields(operation))) throw unauthenticated();
      },
    };
  },
};
