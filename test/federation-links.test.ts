// Through a real gateway: traces that carry only an API key or only a session id show their
// person or service principal, classified, and a page of them costs as many statements as one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertServicePrincipals } from "../src/mirror/service-principals.js";
import { startTracesSubgraph, type TraceRecord } from "./fixtures/traces-subgraph.js";
import { seedContoso } from "./support/company.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startGateway } from "./support/gateway.js";
import { post, startTestServer, type TestServer } from "./support/server.js";

const TRACES = /* GraphQL */ `
  query LinkedTraces($first: Int) {
    traces(first: $first) {
      id
      identity { method matchedOn classification actor { displayName } }
      user { displayName department { name } }
      servicePrincipal { displayName owners { displayName } }
    }
  }
`;

const KINDS: Omit<TraceRecord, "id" | "model">[] = [
  { userEmail: null, apiKeyId: "key-grace", sessionId: null },
  { userEmail: null, apiKeyId: "key-bot", sessionId: null },
  { userEmail: null, apiKeyId: null, sessionId: "sess-ada" },
  { userEmail: "margaret@contoso.com", apiKeyId: "key-bot", sessionId: null },
];
const traces: TraceRecord[] = Array.from({ length: 400 }, (_, i) => ({ id: `t-${i}`, model: "gpt-4o", ...KINDS[i % KINDS.length] }));

let db: TestDatabase;
let identity: TestServer;
let tracesSubgraph: Awaited<ReturnType<typeof startTracesSubgraph>>;
let gateway: Awaited<ReturnType<typeof startGateway>>;

beforeAll(async () => {
  db = await createTestDatabase();
  const { id } = await seedContoso(db.db, "contoso");
  await upsertServicePrincipals(db.db, id, [{ id: "sp-bot", displayName: "Support Bot", ownerIds: ["u-grace"] }]);
  identity = await startTestServer(db);
  for (const [mutation, variables] of [
    [`mutation($i: LinkApiKeyInput!) { linkApiKey(input: $i) { apiKeyId } }`, { i: { apiKeyId: "key-grace", holderId: "u-grace" } }],
    [`mutation($i: LinkApiKeyInput!) { linkApiKey(input: $i) { apiKeyId } }`, { i: { apiKeyId: "key-bot", holderId: "sp-bot" } }],
    [`mutation { linkSession(sessionId: "sess-ada", holderId: "u-ada") { sessionId } }`, {}],
  ] as const) {
    const { body } = await identity.request(mutation, variables, { org: "contoso" });
    expect(body.errors).toBeUndefined();
  }
  tracesSubgraph = await startTracesSubgraph(traces);
  gateway = await startGateway(`${identity.url}/graphql`, tracesSubgraph.url);
});
afterAll(async () => {
  await gateway?.close();
  await tracesSubgraph?.close();
  await identity?.close();
  await db?.destroy();
});

async function viaGateway(first: number) {
  const response = await post(gateway.url, TRACES, { first }, await identity.token({ org: "contoso", roles: [] }));
  const body = (await response.json()) as { data: { traces: any[] }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data.traces;
}

describe("federation of linked traces", () => {
  it("shows the person or service principal behind traces with only an API key or a session id", async () => {
    const [grace, bot, ada, obo] = await viaGateway(4);
    expect(grace).toMatchObject({
      identity: { method: "API_KEY", classification: "HUMAN", actor: null },
      user: { displayName: "Grace Hopper", department: { name: "Engineering" } },
      servicePrincipal: null,
    });
    expect(bot).toMatchObject({
      identity: { method: "API_KEY", classification: "NHI", actor: { displayName: "Support Bot" } },
      user: null,
      servicePrincipal: { displayName: "Support Bot", owners: [{ displayName: "Grace Hopper" }] },
    });
    expect(ada).toMatchObject({ identity: { method: "SESSION", matchedOn: "sess-ada", classification: "HUMAN" }, user: { displayName: "Ada Lovelace" } });
    expect(obo).toMatchObject({
      identity: { method: "EMAIL", classification: "OBO", actor: { displayName: "Support Bot" } },
      user: { displayName: "Margaret Hamilton" },
    });
  });

  it("answers 400 linked traces with as many statements as one of each kind", async () => {
    db.resetStatements();
    await viaGateway(KINDS.length);
    const forEach = db.statements.length;
    db.resetStatements();
    const all = await viaGateway(400);
    expect(all.filter((t) => t.identity)).toHaveLength(400);
    expect(db.statements.length).toBe(forEach);
  });
});
