// Which database a request runs on, chosen by its operation: a query reads the read replica
// (DATABASE_READ_URL), so reads scale out past the primary; a mutation runs on the primary, and
// so do the reads of its own result, so an admin sees what they just changed, never a replica
// that has not caught up with it yet. Without a replica both are the primary.
import type { ApolloServerPlugin } from "@apollo/server";
import { moveToPrimary, type Context } from "./context.js";

export const operationDatabasePlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation }) {
        if (operation?.operation === "mutation") moveToPrimary(contextValue);
      },
    };
  },
};
