// The gateway scenario's parts: a federation gateway composed from our running subgraph's SDL
// and the fixture traces subgraph (as a supergraph build would), and a closed-loop load
// generator holding a fixed number of requests in flight.
import { composeServices } from "@apollo/composition";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { TRACES_SDL, type TraceRecord } from "../fixtures/traces-subgraph.js";
import { latencies, now, type Latencies } from "./measure.js";

/** The fixture traces subgraph's schema, served without inline tracing (no gateway here asks for it). */
export async function startTracesSubgraph(traces: TraceRecord[]): Promise<{ url: string; close(): Promise<void> }> {
  const byId = new Map(traces.map((trace) => [trace.id, trace]));
  const server = new ApolloServer({
    schema: buildSubgraphSchema([
      {
        typeDefs: parse(TRACES_SDL),
        resolvers: {
          Query: { traces: (_: unknown, { first }: { first: number }) => traces.slice(0, first) },
          Trace: { __resolveReference: ({ id }: { id: string }) => byId.get(id) ?? null },
        },
      },
    ]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  return { url, close: () => server.stop() };
}

export async function startGateway(
  identityUrl: string,
  tracesUrl: string,
  token: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const response = await fetch(identityUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "{ _service { sdl } }" }),
  });
  const { data } = (await response.json()) as { data: { _service: { sdl: string } } };
  const composition = composeServices([
    { name: "traces", url: tracesUrl, typeDefs: parse(TRACES_SDL) },
    { name: "identity", url: identityUrl, typeDefs: parse(data._service.sdl) },
  ]);
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

export interface LoadResult extends Latencies {
  concurrency: number;
  seconds: number;
  requests: number;
  errors: number;
  requestsPerSecond: number;
}

/** Keeps `concurrency` requests in flight for `durationMs`; each answer must be data without errors. */
export async function closedLoopLoad(options: {
  url: string;
  headers: Record<string, string>;
  body: string;
  concurrency: number;
  durationMs: number;
  check?: (body: unknown) => boolean;
}): Promise<LoadResult> {
  const times: number[] = [];
  let errors = 0;
  const started = now();
  const deadline = started + options.durationMs;
  const client = async () => {
    while (now() < deadline) {
      const sent = now();
      try {
        const response = await fetch(options.url, { method: "POST", headers: options.headers, body: options.body });
        const body = (await response.json()) as { errors?: unknown };
        if (!response.ok || body.errors || (options.check && !options.check(body))) errors++;
      } catch {
        errors++;
      }
      times.push(now() - sent);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const seconds = (now() - started) / 1000;
  return {
    concurrency: options.concurrency,
    seconds,
    requests: times.length,
    errors,
    requestsPerSecond: times.length / seconds,
    ...latencies(times),
  };
}
