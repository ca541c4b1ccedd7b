// Which database a request runs on, chosen by its operation: a query reads where the database
// handle's lease sends it (a read replica when DATABASE_READ_URL is set, so reads scale out past
// the primary; on PGlite during a sync, a snapshot of what is committed), and releases it with
// its response. A mutation runs on the primary, and so do the reads of its own result, so an
// admin sees what they just changed, never a replica that has not caught up with it yet.
import type { ApolloServerPlugin } from "@apollo/server";
import type { ReadLease } from "../db/client.js";
import { useDatabase, type Context } from "./context.js";

export const operationDatabasePlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    let lease: ReadLease | undefined;
    return {
      async didResolveOperation({ contextValue, operation }) {
        if (operation?.operation === "mutation") return;
        lease = await contextValue.databases.leaseReads();
        useDatabase(contextValue, lease.db);
      },
      async willSendResponse() {
        lease?.release();
      },
    };
  },
};
