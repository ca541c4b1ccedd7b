// `npm run demo`, start to first enriched trace: the emulated tenant is connected, synced, and a
// query through Hive Gateway returns traces with their people, and people with their AI tools.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEAVERS_KEY, NAMED } from "../../demo/company.js";
import { DEMO_QUERY, graphql, startDemo, type Demo } from "../../demo/stack.js";
import { noChromium, runExplorer } from "../support/browser.js";
import { buildOnce } from "../support/build.js";
import { outsideReferences } from "../support/outside-references.js";

let demo: Demo;
const said: string[] = [];

beforeAll(async () => {
  // The demo runs our subgraph as `npm start` does: from dist/.
  await buildOnce();
  demo = await startDemo({ gatewayPort: 0, identityPort: 0, tracesPort: 0, say: (line) => said.push(line) });
}, 240_000);
afterAll(async () => {
  await demo?.close();
});

type Person = { displayName: string; accountStatus: string; department: { name: string } | null; groups: { kind: string }[] };
const TRACE_PEOPLE = `query People($first: Int) {
  traces(first: $first) { id userEmail user { displayName accountStatus department { name } groups { kind } } identity { method matchedOn } }
}`;

describe("the demo", () => {
  it("runs our subgraph on the Node that npm runs the demo on", () => {
    expect(said.join("\n")).toContain(`(Node ${process.version}, embedded database in`);
  });

  it("connects the sample company and reports its first sync", () => {
    expect(said.join("\n")).toMatch(/First sync SUCCEEDED: 304 people, 40 groups, \d+ memberships/);
  });

  it("answers the printed query through the gateway: how current the directory is, traces with their people, departments with AI tools", async () => {
    const data = await graphql<{
      directoryFreshness: { syncedAt: string | null; stale: boolean };
      traces: { userEmail: string; user: Person | null; identity: { method: string } | null }[];
      departments: { name: string; users: { edges: { node: { aiTools: { tool: string; traces: number }[] } }[] } }[];
    }>(demo.gatewayUrl, demo.adminToken, DEMO_QUERY);
    // Synced at start, moments ago.
    expect(Date.now() - Date.parse(data.directoryFreshness.syncedAt ?? "")).toBeLessThan(10 * 60_000);
    expect(data.directoryFreshness.stale).toBe(false);
    expect(data.traces[0]).toMatchObject({
      userEmail: NAMED.grace,
      user: { displayName: "Grace Hopper", accountStatus: "ACTIVE", department: { name: "Engineering" }, stale: false },
      identity: { method: "EMAIL" },
    });
    const tools = data.departments.flatMap((d) => d.users.edges.flatMap((e) => e.node.aiTools));
    expect(tools.length).toBeGreaterThan(0);
  });

  it("resolves aliases, users without mail, disabled accounts and guests; leaves unknown senders unresolved", async () => {
    const { traces } = await graphql<{ traces: { userEmail: string | null; user: Person | null }[] }>(
      demo.gatewayUrl,
      demo.adminToken,
      TRACE_PEOPLE,
      { first: 40 },
    );
    const byEmail = new Map(traces.map((t) => [t.userEmail, t.user]));
    expect(byEmail.get("amazing.grace@contoso.com")?.displayName).toBe("Grace Hopper");
    expect(byEmail.get(NAMED.margaret)?.displayName).toBe("Margaret Hamilton");
    expect(byEmail.get(NAMED.linus)?.accountStatus).toBe("DISABLED");
    expect(byEmail.get(NAMED.guest)?.displayName).toBe("Alex Kim");
    expect(byEmail.get("contractor@unknown.example")).toBeNull();
    expect(traces.filter((t) => t.user).length).toBeGreaterThan(30);
  });

  it("resolves the traces made with a leaver's API key to his disabled account, which the access review finds", async () => {
    expect(said.join("\n")).toContain(`Linked the API key ${LEAVERS_KEY.apiKeyId} to Linus Torvalds`);
    const { traces } = await graphql<{ traces: { userEmail: string | null; user: Person | null; identity: { method: string; matchedOn: string } | null }[] }>(
      demo.gatewayUrl,
      demo.adminToken,
      TRACE_PEOPLE,
      { first: 40 },
    );
    const keyed = traces.filter((t) => t.userEmail === null);
    expect(keyed.length).toBeGreaterThan(0);
    for (const trace of keyed) {
      expect(trace.user).toMatchObject({ displayName: "Linus Torvalds", accountStatus: "DISABLED" });
      expect(trace.identity).toEqual({ method: "API_KEY", matchedOn: LEAVERS_KEY.apiKeyId });
    }
    const { accessReview } = await graphql<{ accessReview: { edges: { node: { kind: string; subjectId: string; apiKeyIds: string[] } }[] } }>(
      demo.gatewayUrl,
      demo.adminToken,
      `{ accessReview { edges { node { kind subjectId apiKeyIds } } } }`,
    );
    expect(accessReview.edges.map((e) => e.node)).toContainEqual({ kind: "DISABLED_ACCOUNT", subjectId: LEAVERS_KEY.holderId, apiKeyIds: [LEAVERS_KEY.apiKeyId] });
  });

  it("tells a person's AI tools from every address they used (@requires emailAddresses)", async () => {
    const data = await graphql<{ directoryUserByEmail: { aiTools: { traces: number }[] } }>(
      demo.gatewayUrl,
      demo.adminToken,
      `{ directoryUserByEmail(email: "${NAMED.grace}") { displayName aiTools { tool model traces } } }`,
    );
    // 400 traces, one in ten under each of Grace's two addresses (and a few drawn at random).
    expect(data.directoryUserByEmail.aiTools.reduce((n, t) => n + t.traces, 0)).toBeGreaterThanOrEqual(80);
  });

  it("serves GraphiQL at the gateway whose page, scripts, styles and fonts all come from the gateway itself", async () => {
    expect(await outsideReferences(demo.gatewayUrl)).toEqual([]);
  });

  it("opens the explorer on the printed query and token; in a browser with no internet, running it shows the traces' people", async (context) => {
    if (noChromium) return context.skip(noChromium);
    const run = await runExplorer(demo.gatewayUrl, { operationName: "WhoUsesWhichAiTools" });
    expect(run.outsideRequests).toEqual([]);
    expect(run.response.errors).toBeUndefined();
    expect(run.shown).toContain('"displayName": "Grace Hopper"');
  });

  it("refuses a caller without a token at the subgraph, through the gateway", async () => {
    const response = await fetch(demo.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ departments { name } }" }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});
