// The subgraph as a gateway sees it: SDL, composition with the traces subgraph, and queries
// for traces with nested user fields through a real gateway.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTracesSubgraph, type TraceRecord } from "./fixtures/traces-subgraph.js";
import { seedContoso } from "./support/company.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { composeSupergraph, startGateway } from "./support/gateway.js";
import { post, startTestServer, type TestServer } from "./support/server.js";

const ENRICHED_TRACES = readFileSync(new URL("./operations/gateway.graphql", import.meta.url), "utf8");
const EMAILS = ["grace@contoso.com", "ada@contoso.com", "margaret@contoso.com", "unknown@contoso.com", null];

const traces: TraceRecord[] = Array.from({ length: 1_000 }, (_, i) => ({
  id: `trace-${i}`,
  userEmail: EMAILS[i % EMAILS.length],
  apiKeyId: i % 7 === 0 ? `key-${i}` : null,
  sessionId: null,
  model: i % 2 ? "gpt-4o" : "claude-sonnet",
}));

let db: TestDatabase;
let identity: TestServer;
let tracesSubgraph: Awaited<ReturnType<typeof startTracesSubgraph>>;
let gateway: Awaited<ReturnType<typeof startGateway>>;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedContoso(db.db, "contoso");
  identity = await startTestServer(db);
  tracesSubgraph = await startTracesSubgraph(traces);
  gateway = await startGateway(`${identity.url}/graphql`, tracesSubgraph.url);
});
afterAll(async () => {
  await gateway?.close();
  await tracesSubgraph?.close();
  await identity?.close();
  await db?.destroy();
});

async function viaGateway(first: number, org = "contoso") {
  const response = await post(gateway.url, ENRICHED_TRACES, { first }, await identity.token({ org, roles: [] }));
  const body = (await response.json()) as { data: { traces: (TraceRecord & { user: any })[] }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data.traces;
}

describe("federation", () => {
  it("serves its SDL through _service without a token, with the contract's entities and directives", async () => {
    const response = await post(`${identity.url}/graphql`, "{ _service { sdl } }", {}, null);
    const { sdl } = ((await response.json()) as { data: { _service: { sdl: string } } }).data._service;
    for (const type of ["Trace", "DirectoryUser", "DirectoryGroup", "Department"]) {
      expect(sdl).toMatch(new RegExp(`type ${type}\\s+@key`));
    }
    expect(sdl).toContain('user: DirectoryUser @requires(fields: "userEmail apiKeyId sessionId")');
    expect(sdl).toContain("userEmail: String @external");
  });

  it("composes with the traces subgraph", async () => {
    const composition = await composeSupergraph("http://identity", "http://traces");
    expect(composition.errors).toBeUndefined();
    expect(composition.supergraphSdl).toContain("join__type(graph: IDENTITY");
  });

  it("enriches traces with nested user fields through the gateway", async () => {
    const [grace, ada, margaret, unknown, anonymous] = await viaGateway(5);
    expect(grace.user).toEqual({
      displayName: "Grace Hopper",
      mail: "grace@contoso.com",
      jobTitle: "Engineer",
      accountStatus: "ACTIVE",
      department: { name: "Engineering" },
      manager: { displayName: "Ada Lovelace" },
      groups: [
        { displayName: "Engineering", kind: "SECURITY" },
        { displayName: "Project Apollo", kind: "MICROSOFT_365" },
      ],
    });
    expect(ada.user).toMatchObject({ displayName: "Ada Lovelace", manager: null, groups: [{ displayName: "All Staff", kind: "DISTRIBUTION" }] });
    expect(margaret.user).toMatchObject({ displayName: "Margaret Hamilton", mail: null });
    expect(unknown.user).toBeNull();
    expect(anonymous.user).toBeNull();
  });

  it("answers 1,000 traces with as many SQL statements as 1 trace", async () => {
    db.resetStatements();
    await viaGateway(1);
    const forOne = db.statements.length;
    db.resetStatements();
    const all = await viaGateway(1_000);
    expect(all).toHaveLength(1_000);
    expect(all.filter((t) => t.user?.displayName === "Grace Hopper")).toHaveLength(200);
    expect(db.statements.length).toBe(forOne);
  });

  it("keeps organisations apart through the gateway", async () => {
    const [grace] = await viaGateway(1, "fabrikam");
    expect(grace.user).toBeNull();
  });

  it("refuses enrichment without a token", async () => {
    const response = await post(gateway.url, ENRICHED_TRACES, { first: 1 }, null);
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(JSON.stringify(body)).toContain("UNAUTHENTICATED");
  });
});
