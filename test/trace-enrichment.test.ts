// Trace enrichment at the subgraph: `_entities` representations from the gateway become people.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../src/db/rows.js";
import { upsertUsers } from "../src/mirror/users.js";
import { seedContoso } from "./support/company.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startTestServer, type TestServer } from "./support/server.js";
import { emailTrace, traceRepresentation } from "./support/trace-representation.js";
import { readFileSync } from "node:fs";

const ENRICHMENT = readFileSync(new URL("./operations/entities.graphql", import.meta.url), "utf8");

type Trace = {
  id: string;
  identity: { method: string; matchedOn: string } | null;
  user: {
    displayName: string;
    mail: string | null;
    accountStatus: string;
    department: { name: string; userCount: number } | null;
    manager: { displayName: string } | null;
    groups: { displayName: string; kind: string }[];
    roles: { displayName: string }[];
  } | null;
  department: { name: string } | null;
  manager: { displayName: string } | null;
  groups: { displayName: string }[];
};

let db: TestDatabase;
let server: TestServer;

async function enrich(representations: object[], org = "contoso") {
  const { body } = await server.request(ENRICHMENT, { representations }, { org, roles: [] });
  expect(body.errors).toBeUndefined();
  return (body.data as { _entities: Trace[] })._entities;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedContoso(db.db, "contoso");
  server = await startTestServer(db);
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

describe("trace enrichment", () => {
  it("names the person, department, manager, groups and roles behind a trace's email", async () => {
    const [grace] = await enrich([emailTrace("t1", "grace@contoso.com")]);
    expect(grace.identity).toEqual({ method: "EMAIL", matchedOn: "grace@contoso.com" });
    expect(grace.user).toMatchObject({
      displayName: "Grace Hopper",
      mail: "grace@contoso.com",
      accountStatus: "ACTIVE",
      department: { name: "Engineering", userCount: 3 },
      manager: { displayName: "Ada Lovelace" },
      roles: [],
    });
    expect(grace.user!.groups).toEqual([
      { displayName: "Engineering", kind: "SECURITY" },
      { displayName: "Project Apollo", kind: "MICROSOFT_365" },
    ]);
    expect(grace.department).toEqual({ name: "Engineering" });
    expect(grace.manager).toEqual({ displayName: "Ada Lovelace" });
    expect(grace.groups.map((g) => g.displayName)).toEqual(["All Staff", "Engineering", "Project Apollo"]);
  });

  it("matches any address case-insensitively: alias proxies, other mails, and the UPN of people without mail", async () => {
    const traces = await enrich([
      emailTrace("t1", "Amazing.Grace@CONTOSO.com"),
      emailTrace("t2", "grace.hopper@gmail.example"),
      emailTrace("t3", "margaret@contoso.com"),
    ]);
    expect(traces.map((t) => t.user?.displayName)).toEqual(["Grace Hopper", "Grace Hopper", "Margaret Hamilton"]);
    expect(traces[2].user!.mail).toBeNull();
  });

  it("reports disabled and deleted accounts, and the roles people hold", async () => {
    const [linus, alan, ada] = await enrich([
      emailTrace("t1", "linus@contoso.com"),
      emailTrace("t2", "alan@contoso.com"),
      emailTrace("t3", "ada@contoso.com"),
    ]);
    expect(linus.user!.accountStatus).toBe("DISABLED");
    expect(alan.user!.accountStatus).toBe("DELETED");
    expect(ada.user!.roles.map((r) => r.displayName)).toEqual(["Global Administrator"]);
  });

  it("resolves unknown emails and traces without an email to no one, not to an error", async () => {
    const traces = await enrich([
      emailTrace("t1", "nobody@contoso.com"),
      traceRepresentation("t2", { apiKeyId: "key-1" }),
      traceRepresentation("t3", { sessionId: "session-1" }),
    ]);
    for (const t of traces) {
      expect(t).toMatchObject({ user: null, department: null, manager: null, groups: [], identity: null });
    }
  });

  it("resolves people, groups and departments by key in the same _entities call as traces", async () => {
    const { body } = await server.request(
      `query($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on Trace { id user { displayName } }
          ... on DirectoryUser { displayName }
          ... on DirectoryGroup { group: displayName kind }
          ... on Department { name userCount }
        }
      }`,
      {
        representations: [
          emailTrace("t1", "grace@contoso.com"),
          { __typename: "DirectoryUser", id: "u-ada" },
          { __typename: "DirectoryGroup", id: "g-m365" },
          { __typename: "Department", name: "Engineering" },
          emailTrace("t2", "nobody@contoso.com"),
        ],
      },
      { org: "contoso", roles: [] },
    );
    expect(body.errors).toBeUndefined();
    expect((body.data as { _entities: unknown[] })._entities).toEqual([
      { id: "t1", user: { displayName: "Grace Hopper" } },
      { displayName: "Ada Lovelace" },
      { group: "Project Apollo", kind: "MICROSOFT_365" },
      { name: "Engineering", userCount: 3 },
      { id: "t2", user: null },
    ]);
  });

  it("answers a representation it cannot resolve with BAD_USER_INPUT at its place, and resolves the others", async () => {
    const query = `query($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Trace { id user { displayName } } ... on DirectoryUser { displayName } }
    }`;
    const mixed = await server.request(
      query,
      {
        representations: [
          { __typename: "DirectoryUser", id: 5 },
          { __typename: "DirectoryUser", id: "u-ada" },
          { __typename: "Nope", id: "x" },
          "not an object",
          emailTrace("t1", "grace@contoso.com"),
          { __typename: "Trace", id: "t2", userEmail: 7, apiKeyId: null, sessionId: null },
        ],
      },
      { org: "contoso", roles: [] },
    );
    expect((mixed.body.data as { _entities: unknown[] })._entities).toEqual([
      null,
      { displayName: "Ada Lovelace" },
      null,
      null,
      { id: "t1", user: { displayName: "Grace Hopper" } },
      null,
    ]);
    expect(mixed.body.errors!.map((e) => [e.path, e.extensions?.code, e.extensions?.field])).toEqual([
      [["_entities", 0], "BAD_USER_INPUT", "representations[0].id"],
      [["_entities", 2], "BAD_USER_INPUT", "representations[2].__typename"],
      [["_entities", 3], "BAD_USER_INPUT", "representations[3]"],
      [["_entities", 5], "BAD_USER_INPUT", "representations[5].userEmail"],
    ]);

    // A page of traces alone, around the one it cannot resolve.
    const traces = await server.request(
      query,
      { representations: [{ __typename: "Trace" }, emailTrace("t1", "grace@contoso.com")] },
      { org: "contoso", roles: [] },
    );
    expect((traces.body.data as { _entities: unknown[] })._entities).toEqual([null, { id: "t1", user: { displayName: "Grace Hopper" } }]);
    expect(traces.body.errors!.map((e) => e.extensions?.field)).toEqual(["representations[0].id"]);
    // The lookups started for the first request settle without taking the server down.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await enrich([emailTrace("t3", "ada@contoso.com")])).toMatchObject([{ user: { displayName: "Ada Lovelace" } }]);
  });

  it("matches no one to an email holding a NUL, and still enriches the rest of its page", async () => {
    const [grace, malformed] = await enrich([emailTrace("t1", "grace@contoso.com"), emailTrace("t2", "grace@contoso.com\u0000")]);
    expect(grace).toMatchObject({ id: "t1", user: { displayName: "Grace Hopper" } });
    expect(malformed).toMatchObject({ id: "t2", user: null, identity: null });
  });

  it("shows a department left empty as no department, on the trace and from resolveIdentities alike", async () => {
    const integrationId = (await selectRows<{ id: string }>(db.db, sql`select id from integrations where org_id = 'contoso'`))[0]!.id;
    await upsertUsers(db.db, integrationId, [
      { id: "u-blank", displayName: "Blank Department", mail: "blank@contoso.com", userPrincipalName: "blank@contoso.onmicrosoft.com", accountEnabled: true, department: "" },
    ]);
    const [blank] = await enrich([emailTrace("t1", "blank@contoso.com")]);
    expect(blank).toMatchObject({ id: "t1", user: { displayName: "Blank Department", department: null } });
    const { body } = await server.request(
      `query($i: [IdentityInput!]!) { resolveIdentities(inputs: $i) { userId department } }`,
      { i: [{ email: "blank@contoso.com" }, { email: "blank@contoso.com", at: new Date().toISOString() }] },
      { org: "contoso", roles: [] },
    );
    expect(body.data).toEqual({ resolveIdentities: [{ userId: "u-blank", department: null }, { userId: "u-blank", department: null }] });
  });

  it("finds a person whose address holds a NUL (mirrored with U+FFFD in its place) by that address, as docs/graphql-api.md says", async () => {
    const integrationId = (await selectRows<{ id: string }>(db.db, sql`select id from integrations where org_id = 'contoso'`))[0]!.id;
    await upsertUsers(db.db, integrationId, [
      { id: "u-odd", displayName: "Odd Address", mail: "odd\u0000@contoso.com", userPrincipalName: "odd@contoso.onmicrosoft.com", accountEnabled: true },
    ]);
    const [odd] = await enrich([emailTrace("t1", "odd\u0000@contoso.com")]);
    expect(odd).toMatchObject({ id: "t1", user: { displayName: "Odd Address" } });
    const { body } = await server.request(
      `query($e: String!, $i: [IdentityInput!]!) { directoryUserByEmail(email: $e) { id } resolveIdentities(inputs: $i) { userId } }`,
      { e: "odd\u0000@contoso.com", i: [{ email: "odd\u0000@contoso.com" }] },
      { org: "contoso", roles: [] },
    );
    expect(body.data).toEqual({ directoryUserByEmail: { id: "u-odd" }, resolveIdentities: [{ userId: "u-odd" }] });
  });

  it("finds a department whose name holds a NUL (mirrored with U+FFFD in its place) by that name, its people too", async () => {
    const integrationId = (await selectRows<{ id: string }>(db.db, sql`select id from integrations where org_id = 'contoso'`))[0]!.id;
    await upsertUsers(db.db, integrationId, [
      { id: "u-lab", displayName: "Lab Member", mail: "lab@contoso.com", userPrincipalName: "lab@contoso.onmicrosoft.com", accountEnabled: true, department: "Lab\u0000" },
    ]);
    const { body } = await server.request(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Department { name userCount users { totalCount edges { node { displayName } } } } } }`,
      { r: [{ __typename: "Department", name: "Lab\u0000" }] },
      { org: "contoso", roles: [] },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      _entities: [{ name: "Lab\ufffd", userCount: 1, users: { totalCount: 1, edges: [{ node: { displayName: "Lab Member" } }] } }],
    });
  });

  it("never enriches a trace from another organisation's directory", async () => {
    const [fromFabrikam] = await enrich([emailTrace("t1", "grace@contoso.com")], "fabrikam");
    expect(fromFabrikam.user).toBeNull();
  });

  it("costs the same number of SQL statements for 500 traces as for one", async () => {
    const emails = ["grace@contoso.com", "ada@contoso.com", "margaret@contoso.com", "linus@contoso.com", "x@y.z"];
    db.resetStatements();
    await enrich([emailTrace("t0", emails[0])]);
    const forOne = db.statements.length;
    db.resetStatements();
    const many = await enrich(Array.from({ length: 500 }, (_, i) => emailTrace(`t${i}`, emails[i % emails.length])));
    expect(many).toHaveLength(500);
    expect(many.filter((t) => t.user).length).toBe(400);
    expect(db.statements.length).toBe(forOne);
    expect(forOne).toBeLessThanOrEqual(8);
  });
});
