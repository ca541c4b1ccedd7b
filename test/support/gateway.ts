// A real federation gateway (@apollo/gateway) over our subgraph and the fixture traces subgraph,
// composed with @apollo/composition as a supergraph build would, forwarding the caller's token.
import { readFile } from "node:fs/promises";
import { composeServices } from "@apollo/composition";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { parse } from "graphql";
import { TRACES_SDL } from "../fixtures/traces-subgraph.js";

export async function ourSubgraphSdl(): Promise<string> {
  return readFile(new URL("../../schema/subgraph.graphql", import.meta.url), "utf8");
}

/** Composes with our checked-in SDL unless given another (the benchmarks use the live `_service` one). */
export async function composeSupergraph(identityUrl: string, tracesUrl: string, identitySdl?: string) {
  return composeServices([
    { name: "traces", url: tracesUrl, typeDefs: parse(TRACES_SDL) },
    { name: "identity", url: identityUrl, typeDefs: parse(identitySdl ?? (await ourSubgraphSdl())) },
  ]);
}

export async function startGateway(
  identityUrl: string,
  tracesUrl: string,
  identitySdl?: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const composition = await composeSupergraph(identityUrl, tracesUrl, identitySdl);
  if (composition.errors) throw new Error(composition.errors.map((e) => e.message).join("\n"));
  const gateway = new ApolloGateway({
    supergraphSdl: composition.supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<{ authorization?: string }>({
        url,
        willSendRequest({ request, context }) {
          if (context.authorization) request.http?.headers.set("authorization", context.authorization);
        },
      }),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: "127.0.0.1" },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  return { url, close: () => server.stop() };
}
