// The demo's federation gateway: Hive Gateway (MIT) serving a supergraph composed here with
// @apollo/composition, as a CI pipeline or a schema registry would, and forwarding each caller's
// bearer token to the subgraphs (the identity subgraph scopes every lookup by it).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFile } from "node:fs/promises";
import { composeServices } from "@apollo/composition";
import { createGatewayRuntime } from "@graphql-hive/gateway-runtime";
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

export async function startGateway(supergraphFile: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const gateway = createGatewayRuntime({
    supergraph: supergraphFile,
    logging: "error",
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
