// The GraphQL explorer a developer opens at /graphql: GraphiQL served whole by the subgraph, so
// that it works with no internet, with a sample query and a place for the bearer token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPLORER_HEADERS, EXPLORER_SAMPLE_QUERY } from "../../src/explorer.js";
import { noChromium, runExplorer } from "../support/browser.js";
import { seedContoso } from "../support/company.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { outsideReferences } from "../support/outside-references.js";
import { startTestServer, type TestServer } from "../support/server.js";

type People = { directoryUsers: { edges: { node: { displayName: string; department: { name: string } | null } }[] } };

let db: TestDatabase;
let server: TestServer;
let page: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedContoso(db.db, "contoso");
  server = await startTestServer(db);
  page = await (await fetch(`${server.url}/graphql`, { headers: { accept: "text/html" } })).text();
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

describe("the explorer at GET /graphql in development", () => {
  it("is GraphiQL whose page, scripts, styles and fonts all come from the subgraph itself", async () => {
    expect(await outsideReferences(`${server.url}/graphql`)).toEqual([]);
    expect(page).toContain("<title>Identity subgraph</title>");
  });

  it("opens on a sample query that answers with people and their departments", async () => {
    expect(page).toContain(JSON.stringify(EXPLORER_SAMPLE_QUERY));
    const { body } = await server.request<People, object>(EXPLORER_SAMPLE_QUERY, {}, { org: "contoso", roles: [] });
    expect(body.errors).toBeUndefined();
    expect(body.data?.directoryUsers.edges.map((e) => e.node)).toContainEqual({
      displayName: "Grace Hopper",
      mail: "grace@contoso.com",
      department: { name: "Engineering" },
    });
  });

  it("offers a bearer-token placeholder in its headers editor, never a token", () => {
    expect(page).toContain(JSON.stringify(EXPLORER_HEADERS));
    expect(EXPLORER_HEADERS).toContain('"Authorization": "Bearer <');
    expect(page).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\./);
  });

  it("renders in a browser with no internet, and shows people once a token is pasted and the query run", async (context) => {
    if (noChromium) return context.skip(noChromium);
    const token = await server.token({ org: "contoso", roles: [] });
    const run = await runExplorer(`${server.url}/graphql`, {
      operationName: "FirstPeople",
      headers: JSON.stringify({ Authorization: `Bearer ${token}` }),
    });
    expect(run.outsideRequests).toEqual([]);
    expect(run.response.errors).toBeUndefined();
    expect(run.shown).toContain('"displayName": "Ada Lovelace"');
  });
});
