// The demo's federation gateway: Hive Gateway (MIT) serving a supergraph composed here with
// @apollo/composition, as a CI pipeline or a schema registry would, and forwarding each caller's
// bearer token to the subgraphs (the identity subgraph scopes every lookup by it). A browser gets
// GraphiQL from the installed @graphql-yoga/render-graphiql package, which works with no internet.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFile } from "node:fs/promises";
import { composeServices } from "@apollo/composition";
import { createGatewayRuntime } from "@graphql-hive/gateway-runtime";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { parse } from "graphql";

export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

/** Composes the subgraphs into a supergraph SDL file, failing with composition's own messages. */
export async function writeSupergraph(subgraphs: SubgraphSource[], file: string): Promise<void> {
  const composition = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (composition.errors) throw new Error(`Composition failed:\n${composition.errors.map((e) => `  ${e.message}`).join("\n")}`);
  await writeFile(file, composition.supergraphSdl);
}

/** What the explorer opens on: an operation, and the token its headers editor holds. */
export interface ExplorerStart {
  query: string;
  token: string;
}

export async function startGateway(
  supergraphFile: string,
  port: number,
  explorer: ExplorerStart,
): Promise<{ url: string; close(): Promise<void> }> {
  // The token itself, not a placeholder: the gateway listens on 127.0.0.1 only, before an emulated tenant.
  const headers = JSON.stringify({ Authorization: `Bearer ${explorer.token}` }, null, 2);
  const gateway = createGatewayRuntime({
    supergraph: supergraphFile,
    logging: "error",
    // Hive's own renderer, and its page for other paths, load their scripts from a CDN.
    renderGraphiQL,
    graphiql: { title: "Identity demo gateway", defaultQuery: explorer.query, headers, defaultHeaders: headers },
    landingPage: false,
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get("authorization") }),
    },
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    url,
    async close() {
      await gateway.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
