// The demo's traces subgraph: a few hundred AI traces (tool, model, who-ish metadata), owning
// Trace, and extending DirectoryUser with the AI tools each person used. It reads the person's
// addresses from the identity subgraph through @requires(fields: "emailAddresses"), so a trace
// recorded under an alias or a UPN still counts for its person.
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import type { Directory } from "../test/emulator/types.js";
import { LEAVERS_KEY, NAMED } from "./company.js";

export const DEMO_TRACES_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])

  "One LLM call or agent run."
  type Trace @key(fields: "id") {
    id: ID!
    userEmail: String
    apiKeyId: String
    sessionId: String
    tool: String!
    model: String!
    totalTokens: Int!
    startedAt: String!
  }

  "Which AI tool and model a person used, and how often."
  type AiToolUsage {
    tool: String!
    model: String!
    traces: Int!
  }

  type DirectoryUser @key(fields: "id") {
    id: ID!
    emailAddresses: [String!]! @external
    "The AI tools and models this person used, most used first."
    aiTools: [AiToolUsage!]! @requires(fields: "emailAddresses")
  }

  type Query {
    "Traces, newest first."
    traces(first: Int = 20): [Trace!]!
  }
`;

export interface DemoTrace {
  id: string;
  userEmail: string | null;
  apiKeyId: string | null;
  sessionId: string | null;
  tool: string;
  model: string;
  totalTokens: number;
  startedAt: string;
}

const TOOLS: [tool: string, models: string[]][] = [
  ["ChatGPT Enterprise", ["gpt-4o", "o3-mini"]],
  ["GitHub Copilot", ["gpt-4o", "claude-sonnet-4"]],
  ["Claude", ["claude-sonnet-4", "claude-opus-4"]],
  ["Cursor", ["claude-sonnet-4", "gpt-4o"]],
  ["Support Agent (internal)", ["llama-3.1-70b"]],
];

/** `count` traces, deterministic: mostly the company's people, some unknown senders and anonymous calls. */
export function demoTraces(directory: Directory, count = 400): DemoTrace[] {
  const addresses = directory.users.flatMap((u) => (u.accountEnabled || u.mail === NAMED.linus ? [u.mail ?? u.userPrincipalName] : []));
  const start = Date.UTC(2025, 0, 6, 9);
  return Array.from({ length: count }, (_, i) => {
    const [tool, models] = TOOLS[(i * 7) % TOOLS.length]!;
    const pick = i % 10;
    const userEmail =
      pick === 0 ? NAMED.grace
      : pick === 1 ? "amazing.grace@contoso.com"
      : pick === 2 ? NAMED.margaret
      : pick === 3 ? (i % 20 === 3 ? NAMED.linus : NAMED.guest)
      : pick === 4 ? (i % 20 === 4 ? "contractor@unknown.example" : null)
      : addresses[(i * 13) % addresses.length]!;
    return {
      id: `trace-${String(i + 1).padStart(4, "0")}`,
      userEmail,
      apiKeyId: userEmail ? null : LEAVERS_KEY.apiKeyId,
      sessionId: `session-${Math.floor(i / 4)}`,
      tool,
      model: models[i % models.length]!,
      totalTokens: 200 + ((i * 7919) % 8000),
      startedAt: new Date(start - i * 9 * 60_000).toISOString(),
    };
  });
}

export async function startDemoTracesSubgraph(traces: DemoTrace[], port: number): Promise<{ url: string; close(): Promise<void> }> {
  const byId = new Map(traces.map((trace) => [trace.id, trace]));
  const server = new ApolloServer({
    schema: buildSubgraphSchema([
      {
        typeDefs: parse(DEMO_TRACES_SDL),
        resolvers: {
          Query: { traces: (_: unknown, { first }: { first: number }) => traces.slice(0, first) },
          Trace: { __resolveReference: ({ id }: { id: string }) => byId.get(id) ?? null },
          DirectoryUser: {
            aiTools: ({ emailAddresses }: { emailAddresses: string[] }) => aiToolsOf(traces, emailAddresses),
          },
        },
      },
    ]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    // The demo stops everything in order on Ctrl-C; Apollo's own handler would re-raise the signal.
    stopOnTerminationSignals: false,
  });
  const { url } = await startStandaloneServer(server, { listen: { port, host: "127.0.0.1" } });
  return { url, close: () => server.stop() };
}

function aiToolsOf(traces: DemoTrace[], emailAddresses: string[]) {
  const mine = new Set(emailAddresses.map((a) => a.toLowerCase()));
  const usage = new Map<string, { tool: string; model: string; traces: number }>();
  for (const trace of traces) {
    if (!trace.userEmail || !mine.has(trace.userEmail.toLowerCase())) continue;
    const key = `${trace.tool}\u0000${trace.model}`;
    const entry = usage.get(key) ?? { tool: trace.tool, model: trace.model, traces: 0 };
    entry.traces++;
    usage.set(key, entry);
  }
  return [...usage.values()].sort((a, b) => b.traces - a.traces);
}
