// Limits on what one request may ask: entities per request, depth, aliases; and the development
// tools (introspection, landing page) that production keeps off unless asked.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedContoso } from "../support/company.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { post, startTestServer, type TestServer } from "../support/server.js";
import { emailTrace } from "../support/trace-representation.js";

const ENRICHMENT = readFileSync(new URL("../operations/entities.graphql", import.meta.url), "utf8");
const INTROSPECTION = "{ __schema { queryType { name } } }";

const traces = (n: number) => Array.from({ length: n }, (_, i) => emailTrace(`t${i}`, "grace@contoso.com"));

let db: TestDatabase;
let development: TestServer;
let production: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedContoso(db.db, "contoso");
  development = await startTestServer(db, {
    env: { MAX_REPRESENTATIONS: "100", MAX_QUERY_DEPTH: "8", MAX_ALIASES: "3", MAX_REQUEST_BYTES: "65536" },
  });
  production = await startTestServer(db, { env: { NODE_ENV: "production" } });
});
afterAll(async () => {
  await development?.close();
  await production?.close();
  await db?.destroy();
});

describe("representations per request", () => {
  it("serves a page at the limit", async () => {
    const { body } = await development.request(ENRICHMENT, { representations: traces(100) }, { org: "contoso", roles: [] });
    expect(body.errors).toBeUndefined();
    expect((body.data as { _entities: unknown[] })._entities).toHaveLength(100);
  });

  it("refuses one past the limit with HTTP 400 and BAD_USER_INPUT on the representations field, resolving nothing", async () => {
    db.resetStatements();
    const { status, body } = await development.request(ENRICHMENT, { representations: traces(101) }, { org: "contoso", roles: [] });
    expect(status).toBe(400);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "representations" });
    expect(body.errors?.[0]?.message).toContain("at most 100 representations");
    expect(db.statements).toEqual([]);
  });

  it("defaults to 10,000 per request", async () => {
    const { body } = await production.request(ENRICHMENT, { representations: traces(10_001) }, { org: "contoso", roles: [] });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "representations" });
  });
});

describe("query shape", () => {
  it("refuses a query deeper than MAX_QUERY_DEPTH, naming the limit", async () => {
    const deep = `{ directoryUserByEmail(email: "grace@contoso.com") { manager { manager { manager { manager { manager { manager { manager { manager { id } } } } } } } } } }`;
    const { status, body } = await development.request(deep, {}, { org: "contoso" });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/^Query depth limit of 8 exceeded, found \d+\.$/);
    expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("refuses a document of more than 10,000 tokens with HTTP 400, naming the limit", async () => {
    const long = `{ ${"departments { name } ".repeat(2_600)}}`;
    const { status, body } = await development.request(long, {}, { org: "contoso" });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/more th\w+ 10000 tokens/);
    expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
  });

  it("refuses a document with more fields side by side than GraphQL can check merge, saying what to change", async () => {
    const wide = `{ ${"departments { name } ".repeat(1_000)}}`;
    const { status, body } = await development.request(wide, {}, { org: "contoso" });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/^The query has too many fields side by side, .*ask for fewer fields at each level, or split it/);
    expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("refuses more aliases than MAX_ALIASES", async () => {
    const aliased = `{ a: departments { name } b: departments { name } c: departments { name } d: departments { name } }`;
    const { status, body } = await development.request(aliased, {}, { org: "contoso" });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/^Aliases limit of 3 exceeded, found 4\.$/);
    expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("refuses more directives than GraphQL Armor allows, naming the limit alone", async () => {
    const directives = Array.from({ length: 51 }, () => "@include(if: true)").join(" ");
    const { status, body } = await development.request(`{ departments { name ${directives} } }`, {}, { org: "contoso" });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/^Directives limit of 50 exceeded, found 51\.$/);
  });

  it("refuses an answer larger than MAX_QUERY_COST before anything runs, whether its pages are written, variables or defaults", async () => {
    const nested = (first: string) =>
      `query Nested${first.includes("$f") ? "($f: Int)" : ""} { directoryGroups${first} { edges { node { members${first} { edges { node { groups { id } } } } } } } }`;
    const server = await startTestServer(db, { env: { MAX_QUERY_COST: "10000" } });
    try {
      for (const [query, variables] of [
        [nested("(first: 20)"), {}],
        [nested("(first: $f)"), { f: 20 }],
        [nested(""), {}],
      ] as const) {
        db.resetStatements();
        const { status, body } = await server.request(query, variables, { org: "contoso" });
        expect(status, query).toBe(400);
        expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
        expect(body.errors?.[0]?.message).toMatch(
          /values, more than MAX_QUERY_COST \(10,000\) allows; it grows most through the lists directoryGroups > members > groups\./,
        );
        expect(db.statements).toEqual([]);
      }
      const small = await server.request(nested("(first: $f)"), { f: 5 }, { org: "contoso" });
      expect(small.body.errors).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it("refuses by default a few levels of nested lists with no page size written at all", async () => {
    const unbounded = `{ directoryGroups { edges { node { members { edges { node { groups { members { edges { node { groups { id } } } } } } } } } } } }`;
    const { status, body } = await production.request(unbounded, {}, { org: "contoso" });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/more than MAX_QUERY_COST \(2,000,000\) allows/);
  });
});

describe("request body size", () => {
  it("refuses a body past MAX_REQUEST_BYTES with HTTP 413, BAD_USER_INPUT and what to change", async () => {
    const response = await post(`${development.url}/graphql`, ENRICHMENT, { representations: traces(1000) }, await development.token());
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe("BAD_USER_INPUT");
    expect(body.errors[0]?.message).toMatch(/larger than 65536 bytes \(MAX_REQUEST_BYTES\).*fewer representations/);
  });

  it("refuses a body that is not JSON, empty, or of another content type, in GraphQL's shape with Fastify's status", async () => {
    const token = await development.token();
    for (const [contentType, body, status] of [
      ["application/json", "{bad", 400],
      ["application/json", "", 400],
      ["application/xml", "<query/>", 415],
      ["text/plain", '{"query":"{ __typename }"}', 415],
    ] as const) {
      const response = await fetch(`${development.url}/graphql`, {
        method: "POST",
        headers: { "content-type": contentType, authorization: `Bearer ${token}` },
        body,
      });
      expect(response.status, `${contentType} ${body}`).toBe(status);
      const answer = (await response.json()) as { errors: { message: string; extensions: { code: string; field: string } }[] };
      expect(answer.errors[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "body" });
      expect(answer.errors[0]?.message).toMatch(/^The request body cannot be read: .*content-type application\/json\.$/);
    }
  });

  it("lets the enrichment query a gateway sends pass the default limits", async () => {
    const { body } = await production.request(ENRICHMENT, { representations: traces(3) }, { org: "contoso", roles: [] });
    expect(body.errors).toBeUndefined();
  });
});

describe("development tools", () => {
  it("answers introspection and serves the landing page in development", async () => {
    const { body } = await development.request(INTROSPECTION, {}, { org: "contoso" });
    expect(body.errors).toBeUndefined();
    const page = await fetch(`${development.url}/graphql`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<html");
  });

  it("refuses introspection and serves no landing page in production", async () => {
    const { body } = await production.request(INTROSPECTION, {}, { org: "contoso" });
    expect(body.errors?.[0]?.message).toMatch(/introspection is not allowed/i);
    const page = await fetch(`${production.url}/graphql`, { headers: { accept: "text/html" } });
    expect(await page.text()).not.toContain("<html");
  });

  it("still serves the federation SDL to gateways in production", async () => {
    const response = await post(`${production.url}/graphql`, "{ _service { sdl } }", {}, null);
    expect(((await response.json()) as { data: { _service: { sdl: string } } }).data._service.sdl).toContain("type Trace");
  });

  it("turns introspection back on in production with ENABLE_INTROSPECTION=true", async () => {
    const server = await startTestServer(db, { env: { NODE_ENV: "production", ENABLE_INTROSPECTION: "true" } });
    try {
      const { body } = await server.request(INTROSPECTION, {}, { org: "contoso" });
      expect(body.errors).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
