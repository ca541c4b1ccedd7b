// The SQL a page of traces costs is fixed by the query, not by what the traces carry: emails,
// API keys held by people or by service principals, sessions and strangers, in any proportion
// and any order, for `_entities` and `resolveIdentities` alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertServicePrincipals } from "../src/mirror/service-principals.js";
import { seedContoso } from "./support/company.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startTestServer, type TestServer } from "./support/server.js";
import {
  ALL_KINDS,
  expectedMethods,
  identityInputs,
  linkOperations,
  mix,
  MIXES_OF_FOUR,
  PROPORTIONS,
  traceRepresentations,
  type Kind,
  type MixDirectory,
} from "./support/trace-mixes.js";

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Trace {
        id
        identity { method classification actor { displayName } }
        user { id displayName }
        servicePrincipal { id }
        department { name }
        manager { displayName }
        groups { displayName }
      }
    }
  }
`;
const RESOLVE = /* GraphQL */ `
  query Resolve($inputs: [IdentityInput!]!) {
    resolveIdentities(inputs: $inputs) { userId servicePrincipalId department method }
  }
`;

const CONTOSO: MixDirectory = {
  email: "grace@contoso.com",
  otherEmail: "ada@contoso.com",
  personKey: "key-ada",
  personKeyHolder: "u-ada",
  agentKey: "key-bot",
  agentKeyHolder: "sp-bot",
  session: "sess-margaret",
  sessionHolder: "u-margaret",
};

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  const { id } = await seedContoso(db.db, "contoso");
  await upsertServicePrincipals(db.db, id, [{ id: "sp-bot", displayName: "Support Bot", ownerIds: ["u-grace"] }]);
  server = await startTestServer(db);
  for (const [mutation, variables] of linkOperations(CONTOSO)) {
    const { body } = await server.request(mutation, variables, { org: "contoso" });
    expect(body.errors).toBeUndefined();
  }
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

/** Sends one request and returns how many SQL statements it cost, checking every answer. */
async function statementsFor(kinds: readonly Kind[], operation: "entities" | "resolveIdentities"): Promise<number> {
  db.resetStatements();
  const { body } =
    operation === "entities"
      ? await server.request<any, object>(ENTITIES, { representations: traceRepresentations(CONTOSO, kinds) }, { org: "contoso", roles: [] })
      : await server.request<any, object>(RESOLVE, { inputs: identityInputs(CONTOSO, kinds) }, { org: "contoso", roles: [] });
  const statements = db.statements.length;
  expect(body.errors).toBeUndefined();
  const answers: any[] = operation === "entities" ? body.data._entities : body.data.resolveIdentities;
  expect(answers.map((answer) => (operation === "entities" ? answer.identity?.method : answer.method) ?? null)).toEqual(
    expectedMethods(CONTOSO, kinds),
  );
  return statements;
}

describe("statements per request, whatever the mix of traces", () => {
  it("enriches traces through _entities in 7 statements: one of each kind, 4 traces or 10,000 in any proportion", async () => {
    // Person by email, key link, session link; then holders (users, service principals); then
    // managers and groups.
    const forEachKindOnce = await statementsFor(ALL_KINDS, "entities");
    expect(forEachKindOnce).toBe(7);
    for (const kinds of MIXES_OF_FOUR) expect(await statementsFor(kinds, "entities")).toBe(forEachKindOnce);
    for (const [seed, [, weights]] of PROPORTIONS.entries()) {
      expect(await statementsFor(mix(10_000, weights, seed), "entities")).toBe(forEachKindOnce);
    }
  });

  it("resolves identities in 6 statements: one of each kind, 4 inputs or 10,000 in any proportion", async () => {
    // Person by email, key link, session link; then holders; then departments at a moment.
    const forEachKindOnce = await statementsFor(ALL_KINDS, "resolveIdentities");
    expect(forEachKindOnce).toBe(6);
    for (const kinds of MIXES_OF_FOUR) expect(await statementsFor(kinds, "resolveIdentities")).toBe(forEachKindOnce);
    for (const [seed, [, weights]] of PROPORTIONS.entries()) {
      expect(await statementsFor(mix(10_000, weights, seed), "resolveIdentities")).toBe(forEachKindOnce);
    }
  });
});
