// API key and session links as an admin makes them, and traces resolved through them:
// email, then API key, then session; HUMAN, NHI and OBO; in a fixed number of statements.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../src/db/rows.js";
import { upsertServicePrincipals } from "../src/mirror/service-principals.js";
import { upsertUsers } from "../src/mirror/users.js";
import { seedContoso } from "./support/company.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startTestServer, type TestServer } from "./support/server.js";
import { traceRepresentation } from "./support/trace-representation.js";

const LINK_KEY = /* GraphQL */ `
  mutation LinkKey($input: LinkApiKeyInput!) {
    linkApiKey(input: $input) { apiKeyId holderId holderKind label status user { displayName } servicePrincipal { displayName } }
  }
`;
const UNLINK_KEY = /* GraphQL */ `mutation Unlink($apiKeyId: String!) { unlinkApiKey(apiKeyId: $apiKeyId) }`;
const IMPORT = /* GraphQL */ `
  mutation Import($rows: [LinkApiKeyInput!]!) {
    importApiKeyLinks(rows: $rows) { committed linked refused rows { index apiKeyId holderId refusal message } }
  }
`;
const LINK_SESSION = /* GraphQL */ `
  mutation LinkSession($sessionId: String!, $holderId: ID!, $expiresAt: DateTimeISO) {
    linkSession(sessionId: $sessionId, holderId: $holderId, expiresAt: $expiresAt) { sessionId holderId holderKind expiresAt }
  }
`;
const KEY_LINKS = /* GraphQL */ `
  query Links($filter: ApiKeyLinkFilter, $first: Int, $after: String) {
    apiKeyLinks(filter: $filter, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { apiKeyId holderId status } }
    }
  }
`;
const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Trace {
        id
        identity { method matchedOn classification actor { id displayName } }
        user { id displayName }
        servicePrincipal { id displayName }
        department { name }
        groups(transitive: true) { displayName }
      }
    }
  }
`;
const RESOLVE = /* GraphQL */ `
  query Resolve($inputs: [IdentityInput!]!) {
    resolveIdentities(inputs: $inputs) { userId servicePrincipalId department classification method matchedOn }
  }
`;

const BOT = "sp-bot";
const ORPHAN_BOT = "sp-orphan";

let db: TestDatabase;
let server: TestServer;
let integrationId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  integrationId = (await seedContoso(db.db, "contoso")).id;
  await upsertServicePrincipals(db.db, integrationId, [
    { id: BOT, appId: "app-bot", displayName: "Support Bot", servicePrincipalType: "Application", accountEnabled: true, ownerIds: ["u-grace"] },
    { id: ORPHAN_BOT, appId: "app-orphan", displayName: "Orphan Bot", servicePrincipalType: "Application", accountEnabled: false },
  ]);
  server = await startTestServer(db);
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

async function admin<T = any>(query: string, variables: object = {}, org = "contoso") {
  const { body } = await server.request<T, object>(query, variables, { org });
  return body;
}

function errorOf(body: { errors?: { extensions?: Record<string, unknown> }[] }) {
  expect(body.errors).toBeDefined();
  return body.errors![0].extensions!;
}

async function storedKeyIds(): Promise<string[]> {
  const rows = await selectRows<{ api_key_id: string }>(db.db, sql`select api_key_id from api_key_links order by 1`);
  return rows.map((row) => row.api_key_id);
}

async function enrich(representations: object[], org = "contoso") {
  const { body } = await server.request<any, object>(ENTITIES, { representations }, { org, roles: [] });
  expect(body.errors).toBeUndefined();
  return body.data._entities as any[];
}

describe("linking API keys", () => {
  it("links a key id to a person or a service principal, and reports the holder", async () => {
    const grace = await admin(LINK_KEY, { input: { apiKeyId: "key-grace", holderId: "u-grace", label: "laptop" } });
    expect(grace.data.linkApiKey).toEqual({
      apiKeyId: "key-grace",
      holderId: "u-grace",
      holderKind: "USER",
      label: "laptop",
      status: "ACTIVE",
      user: { displayName: "Grace Hopper" },
      servicePrincipal: null,
    });
    const bot = await admin(LINK_KEY, { input: { apiKeyId: "key-bot", holderId: BOT } });
    expect(bot.data.linkApiKey).toMatchObject({ holderKind: "SERVICE_PRINCIPAL", servicePrincipal: { displayName: "Support Bot" } });
  });

  it("refuses raw provider secrets with BAD_USER_INPUT and stores nothing of them", async () => {
    const secrets = [
      "sk-proj-abcdefghijklmnopqrstuvwxyz012345",
      "sk-ant-api03-abcdefghijklmnop",
      "AKIAIOSFODNN7EXAMPLE",
      "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
      "Zx8vQ2mN4pL7sK1rT9wY3bH6gF5dJ0cA",
    ];
    for (const apiKeyId of secrets) {
      const body = await admin(LINK_KEY, { input: { apiKeyId, holderId: "u-grace" } });
      expect(errorOf(body)).toMatchObject({ code: "BAD_USER_INPUT", field: "apiKeyId" });
      expect(JSON.stringify(body)).not.toContain(apiKeyId);
    }
    expect(await storedKeyIds()).not.toEqual(expect.arrayContaining([expect.stringMatching(/^(sk-|AKIA|ghp_|Zx8)/)]));
  });

  it("accepts ids and fingerprints: GUIDs, hex digests, readable names", async () => {
    for (const apiKeyId of ["6f1c2a9e-4b7d-4e8a-9c3f-2d1e0b9a8c7d", `sha256:${"ab12".repeat(16)}`, "openai-prod-analytics-2024"]) {
      const body = await admin(LINK_KEY, { input: { apiKeyId, holderId: "u-ada" } });
      expect(body.errors).toBeUndefined();
      await admin(UNLINK_KEY, { apiKeyId });
    }
  });

  it("refuses unknown holders, keys held by someone else, bad ids, and callers who are not admins", async () => {
    expect(errorOf(await admin(LINK_KEY, { input: { apiKeyId: "key-x", holderId: "u-nobody" } }))).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "holderId",
    });
    // A tombstoned account cannot take on new keys.
    expect(errorOf(await admin(LINK_KEY, { input: { apiKeyId: "key-x", holderId: "u-alan" } }))).toMatchObject({ field: "holderId" });
    expect(errorOf(await admin(LINK_KEY, { input: { apiKeyId: "key-grace", holderId: "u-ada" } })).code).toBe("CONFLICT");
    expect(errorOf(await admin(LINK_KEY, { input: { apiKeyId: "has spaces", holderId: "u-ada" } })).code).toBe("BAD_USER_INPUT");
    expect(errorOf(await admin(LINK_KEY, { input: { apiKeyId: "k", holderId: "u-ada", label: "x".repeat(201) } })).field).toBe("label");
    const { body } = await server.request(LINK_KEY, { input: { apiKeyId: "key-x", holderId: "u-ada" } }, { org: "contoso", roles: [] });
    expect(errorOf(body).code).toBe("FORBIDDEN");
    expect(errorOf(await admin(UNLINK_KEY, { apiKeyId: "never-linked" })).code).toBe("NOT_FOUND");
    expect(await storedKeyIds()).toEqual(["key-bot", "key-grace"]);
  });

  it("never links to another organisation's people", async () => {
    const body = await admin(LINK_KEY, { input: { apiKeyId: "key-y", holderId: "u-grace" } }, "fabrikam");
    expect(errorOf(body)).toMatchObject({ code: "BAD_USER_INPUT", field: "holderId" });
  });

  it("imports all rows or none, reporting each refused row and why", async () => {
    const refused = await admin(IMPORT, {
      rows: [
        { apiKeyId: "key-i1", holderId: "u-ada" },
        { apiKeyId: "key-i1", holderId: "u-margaret" },
        { apiKeyId: "key-i2", holderId: "u-ghost" },
        { apiKeyId: "bad id", holderId: "u-ada" },
        { apiKeyId: "key-grace", holderId: "u-linus" },
        { apiKeyId: "key-bot", holderId: BOT },
      ],
    });
    expect(refused.data.importApiKeyLinks).toMatchObject({ committed: false, linked: 0, refused: 4 });
    expect(refused.data.importApiKeyLinks.rows.map((row: { refusal: string | null }) => row.refusal)).toEqual([
      null,
      "DUPLICATE",
      "UNKNOWN_HOLDER",
      "BAD_ID",
      "ALREADY_LINKED",
      null,
    ]);
    expect(refused.data.importApiKeyLinks.rows[3].message).toBe("An API key id is 1-200 letters, digits or . _ : / @ + = ~ -");
    expect(await storedKeyIds()).toEqual(["key-bot", "key-grace"]);
    const accepted = await admin(IMPORT, {
      rows: [
        { apiKeyId: "key-i1", holderId: "u-ada" },
        { apiKeyId: "key-i2", holderId: "u-linus" },
        { apiKeyId: "key-orphan", holderId: ORPHAN_BOT },
      ],
    });
    expect(accepted.data.importApiKeyLinks).toMatchObject({ committed: true, linked: 3, refused: 0 });
    expect(await storedKeyIds()).toEqual(["key-bot", "key-grace", "key-i1", "key-i2", "key-orphan"]);
  });

  it("fails a whole import that carries a raw secret, or too many or no rows", async () => {
    const secret = await admin(IMPORT, { rows: [{ apiKeyId: "key-ok", holderId: "u-ada" }, { apiKeyId: "sk-ant-api03-secretsecret", holderId: "u-ada" }] });
    expect(errorOf(secret)).toMatchObject({ code: "BAD_USER_INPUT", field: "rows[1].apiKeyId" });
    expect(JSON.stringify(secret)).not.toContain("secretsecret");
    expect(errorOf(await admin(IMPORT, { rows: [] })).code).toBe("BAD_USER_INPUT");
    const tooMany = Array.from({ length: 10_001 }, (_, i) => ({ apiKeyId: `k-${i}`, holderId: "u-ada" }));
    expect(errorOf(await admin(IMPORT, { rows: tooMany })).field).toBe("rows");
    expect(await storedKeyIds()).not.toContain("key-ok");
  });

  it("pages links, filtered by holder and by the holder's status", async () => {
    const first = await admin(KEY_LINKS, { first: 2 });
    expect(first.data.apiKeyLinks.totalCount).toBe(5);
    expect(first.data.apiKeyLinks.edges.map((e: any) => e.node.apiKeyId)).toEqual(["key-bot", "key-grace"]);
    const rest = await admin(KEY_LINKS, { first: 10, after: first.data.apiKeyLinks.pageInfo.endCursor });
    expect(rest.data.apiKeyLinks.edges.map((e: any) => e.node.apiKeyId)).toEqual(["key-i1", "key-i2", "key-orphan"]);
    const disabled = await admin(KEY_LINKS, { filter: { status: "DISABLED" } });
    expect(disabled.data.apiKeyLinks.edges.map((e: any) => e.node)).toEqual([
      { apiKeyId: "key-i2", holderId: "u-linus", status: "DISABLED" },
      { apiKeyId: "key-orphan", holderId: ORPHAN_BOT, status: "DISABLED" },
    ]);
    const ada = await admin(KEY_LINKS, { filter: { holderId: "u-ada" } });
    expect(ada.data.apiKeyLinks.totalCount).toBe(1);
    const { body } = await server.request(KEY_LINKS, {}, { org: "contoso", roles: [] });
    expect(errorOf(body).code).toBe("FORBIDDEN");
  });

  it("refuses a cursor it did not make: made up, or from another list", async () => {
    const people = await admin(`{ directoryUsers(first: 1) { pageInfo { endCursor } } }`);
    const foreign = people.data.directoryUsers.pageInfo.endCursor;
    for (const after of ["key-bot", Buffer.from("key-bot").toString("base64url"), foreign]) {
      expect(errorOf(await admin(KEY_LINKS, { after }))).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    }
  });
});

describe("linking sessions", () => {
  it("links a session with an optional expiry, refusing past expiries, unknown holders and secrets", async () => {
    const linked = await admin(LINK_SESSION, { sessionId: "sess-margaret", holderId: "u-margaret" });
    expect(linked.data.linkSession).toMatchObject({ holderKind: "USER", expiresAt: null });
    const past = await admin(LINK_SESSION, { sessionId: "sess-2", holderId: "u-ada", expiresAt: "2001-01-01T00:00:00Z" });
    expect(errorOf(past)).toMatchObject({ code: "BAD_USER_INPUT", field: "expiresAt" });
    expect(errorOf(await admin(LINK_SESSION, { sessionId: "sess-3", holderId: "u-ghost" })).field).toBe("holderId");
    expect(errorOf(await admin(LINK_SESSION, { sessionId: "sk-ant-api03-xyzxyzxyz", holderId: "u-ada" })).field).toBe("sessionId");
    expect(errorOf(await admin(LINK_SESSION, { sessionId: "sess-margaret", holderId: "u-ada" })).code).toBe("CONFLICT");
  });
});

describe("resolving traces through links", () => {
  it("resolves a trace with only an API key to its person (HUMAN) or service principal (NHI)", async () => {
    const [grace, bot] = await enrich([traceRepresentation("t1", { apiKeyId: "key-grace" }), traceRepresentation("t2", { apiKeyId: "key-bot" })]);
    expect(grace).toMatchObject({
      identity: { method: "API_KEY", matchedOn: "key-grace", classification: "HUMAN", actor: null },
      user: { displayName: "Grace Hopper" },
      servicePrincipal: null,
      department: { name: "Engineering" },
    });
    expect(bot).toMatchObject({
      identity: { method: "API_KEY", matchedOn: "key-bot", classification: "NHI", actor: { id: BOT, displayName: "Support Bot" } },
      user: null,
      servicePrincipal: { id: BOT },
      department: null,
    });
  });

  it("resolves a trace with only a session id to the session's person", async () => {
    const [margaret] = await enrich([traceRepresentation("t1", { sessionId: "sess-margaret" })]);
    expect(margaret.identity).toMatchObject({ method: "SESSION", matchedOn: "sess-margaret", classification: "HUMAN" });
    expect(margaret.user.displayName).toBe("Margaret Hamilton");
    expect(margaret.groups.map((g: { displayName: string }) => g.displayName)).toEqual(["All Staff", "Engineering"]);
  });

  it("prefers the email, then the API key, then the session", async () => {
    const [byEmail, byKey] = await enrich([
      traceRepresentation("t1", { userEmail: "ada@contoso.com", apiKeyId: "key-grace", sessionId: "sess-margaret" }),
      traceRepresentation("t2", { userEmail: "nobody@contoso.com", apiKeyId: "key-grace", sessionId: "sess-margaret" }),
    ]);
    expect(byEmail.identity).toMatchObject({ method: "EMAIL", classification: "HUMAN" });
    expect(byEmail.user.displayName).toBe("Ada Lovelace");
    expect(byKey.identity.method).toBe("API_KEY");
    expect(byKey.user.displayName).toBe("Grace Hopper");
  });

  it("classifies an agent's key used for a named person as OBO, naming the agent as actor", async () => {
    const [obo] = await enrich([traceRepresentation("t1", { userEmail: "ada@contoso.com", apiKeyId: "key-bot" })]);
    expect(obo.identity).toEqual({
      method: "EMAIL",
      matchedOn: "ada@contoso.com",
      classification: "OBO",
      actor: { id: BOT, displayName: "Support Bot" },
    });
    expect(obo.user.displayName).toBe("Ada Lovelace");
    expect(obo.servicePrincipal.id).toBe(BOT);
  });

  it("stops resolving a session once its link expires, but for a trace from before", async () => {
    const whileLinked = new Date().toISOString();
    await admin(LINK_SESSION, { sessionId: "sess-short", holderId: "u-ada", expiresAt: new Date(Date.now() + 1_000).toISOString() });
    expect((await enrich([traceRepresentation("t1", { sessionId: "sess-short" })]))[0].user.displayName).toBe("Ada Lovelace");
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await enrich([traceRepresentation("t1", { sessionId: "sess-short" })]))[0].user).toBeNull();
    // A pipeline stamping a trace of that moment now: the session was Ada's then.
    const { body } = await server.request<any, object>(
      RESOLVE,
      { inputs: [{ sessionId: "sess-short", at: whileLinked }, { sessionId: "sess-short" }] },
      { org: "contoso", roles: [] },
    );
    expect(body.data.resolveIdentities.map((r: { userId: string | null }) => r.userId)).toEqual(["u-ada", null]);
    // Expired, it no longer holds the session: linking it to someone else needs no unlinking first,
    // and the new holder's link is new, not the old one's under another name.
    const createdAt = async () =>
      (await selectRows<{ at: string }>(db.db, sql`select created_at::text as at from session_links where session_id = 'sess-short'`))[0]!.at;
    const adaLinkedAt = await createdAt();
    const relinked = await admin(LINK_SESSION, { sessionId: "sess-short", holderId: "u-grace" });
    expect(relinked.data.linkSession).toMatchObject({ holderId: "u-grace", expiresAt: null });
    expect(new Date(await createdAt()).getTime()).toBeGreaterThan(new Date(adaLinkedAt).getTime());
    expect((await enrich([traceRepresentation("t1", { sessionId: "sess-short" })]))[0].user.displayName).toBe("Grace Hopper");
  });

  it("never resolves through another organisation's links", async () => {
    const [fromFabrikam] = await enrich([traceRepresentation("t1", { apiKeyId: "key-grace" })], "fabrikam");
    expect(fromFabrikam.identity).toBeNull();
  });

  it("costs the same number of statements for 500 traces of every kind as for one of each", async () => {
    const kinds = [
      traceRepresentation("", { userEmail: "grace@contoso.com" }),
      traceRepresentation("", { apiKeyId: "key-grace" }),
      traceRepresentation("", { apiKeyId: "key-bot" }),
      traceRepresentation("", { sessionId: "sess-margaret" }),
      traceRepresentation("", { userEmail: "ada@contoso.com", apiKeyId: "key-bot" }),
    ];
    const page = (n: number) => Array.from({ length: n }, (_, i) => ({ ...kinds[i % kinds.length], id: `t${i}` }));
    db.resetStatements();
    await enrich(page(kinds.length));
    const forEachOnce = db.statements.length;
    db.resetStatements();
    const many = await enrich(page(500));
    expect(many.filter((t) => t.identity).length).toBe(500);
    expect(db.statements.length).toBe(forEachOnce);
  });
});

describe("resolveIdentities", () => {
  it("answers one result per input, in order, with identity, classification and department", async () => {
    const { body } = await server.request<any, object>(
      RESOLVE,
      {
        inputs: [
          { email: "grace@contoso.com" },
          { apiKeyId: "key-bot" },
          { sessionId: "sess-margaret" },
          { email: "ada@contoso.com", apiKeyId: "key-bot" },
          {},
        ],
      },
      { org: "contoso", roles: [] },
    );
    expect(body.data.resolveIdentities).toEqual([
      { userId: "u-grace", servicePrincipalId: null, department: "Engineering", classification: "HUMAN", method: "EMAIL", matchedOn: "grace@contoso.com" },
      { userId: null, servicePrincipalId: BOT, department: null, classification: "NHI", method: "API_KEY", matchedOn: "key-bot" },
      { userId: "u-margaret", servicePrincipalId: null, department: "Engineering", classification: "HUMAN", method: "SESSION", matchedOn: "sess-margaret" },
      { userId: "u-ada", servicePrincipalId: BOT, department: "Executive", classification: "OBO", method: "EMAIL", matchedOn: "ada@contoso.com" },
      { userId: null, servicePrincipalId: null, department: null, classification: null, method: null, matchedOn: null },
    ]);
  });

  it("reports the department a person had when the trace happened", async () => {
    const before = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await upsertUsers(db.db, integrationId, [{ id: "u-grace", department: "Research" }]);
    const after = new Date(Date.now() + 10);
    const { body } = await server.request<any, object>(
      RESOLVE,
      {
        inputs: [
          { email: "grace@contoso.com", at: "2000-01-01T00:00:00Z" },
          { email: "grace@contoso.com", at: before.toISOString() },
          { email: "grace@contoso.com", at: after.toISOString() },
          { email: "grace@contoso.com" },
        ],
      },
      { org: "contoso", roles: [] },
    );
    expect(body.data.resolveIdentities.map((r: { department: string }) => r.department)).toEqual([
      "Engineering",
      "Engineering",
      "Research",
      "Research",
    ]);
    await upsertUsers(db.db, integrationId, [{ id: "u-grace", department: "Engineering" }]);
  });

  it("answers 10,000 inputs with as many statements as 4, and refuses more", async () => {
    const kinds = [{ email: "grace@contoso.com", at: "2030-01-01T00:00:00Z" }, { apiKeyId: "key-bot" }, { sessionId: "sess-margaret" }, { email: "x@y.z" }];
    const inputs = (n: number) => Array.from({ length: n }, (_, i) => kinds[i % kinds.length]);
    db.resetStatements();
    await server.request(RESOLVE, { inputs: inputs(4) }, { org: "contoso", roles: [] });
    const forFour = db.statements.length;
    db.resetStatements();
    const { body } = await server.request<any, object>(RESOLVE, { inputs: inputs(10_000) }, { org: "contoso", roles: [] });
    expect(body.errors).toBeUndefined();
    expect(body.data.resolveIdentities).toHaveLength(10_000);
    expect(body.data.resolveIdentities[9_998].method).toBe("SESSION");
    expect(db.statements.length).toBe(forFour);
    const tooMany = await server.request<any, object>(RESOLVE, { inputs: inputs(10_001) }, { org: "contoso", roles: [] });
    expect(errorOf(tooMany.body)).toMatchObject({ code: "BAD_USER_INPUT", field: "inputs" });
  });
});

describe("roles and groups by kind", () => {
  it("filters a person's roles by kind and lists a service principal's owners", async () => {
    const { body } = await server.request<any, object>(
      `{ ada: directoryUser(id: "u-ada") { privileged: roles(kind: PRIVILEGED) { displayName kind } standard: roles(kind: STANDARD) { displayName } }
         bot: directoryServicePrincipal(id: "${BOT}") { displayName appId servicePrincipalType owners { displayName } groups { displayName } } }`,
      {},
      { org: "contoso", roles: [] },
    );
    expect(body.data.ada).toEqual({ privileged: [{ displayName: "Global Administrator", kind: "PRIVILEGED" }], standard: [] });
    expect(body.data.bot).toEqual({
      displayName: "Support Bot",
      appId: "app-bot",
      servicePrincipalType: "Application",
      owners: [{ displayName: "Grace Hopper" }],
      groups: [],
    });
  });
});
