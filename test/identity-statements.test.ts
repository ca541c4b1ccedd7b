// The SQL a page of traces costs is fixed by the query, not by what the traces carry: emails,
// API keys held by people or by service principals, sessions and strangers, in any proportion
// and any order, for `_entities` and `resolveIdentities` alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertServicePrincipals } from "../src/mirror/service-principals.js";
import { createRandom } from "./emulator/random.js";
import { seedContoso } from "./support/company.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startTestServer, type TestServer } from "./support/server.js";

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

/** What each kind of trace carries, and what it resolves to. */
const KINDS = {
  email: { fields: { userEmail: "grace@contoso.com" }, method: "EMAIL" },
  keyOfPerson: { fields: { apiKeyId: "key-ada" }, method: "API_KEY" },
  keyOfServicePrincipal: { fields: { apiKeyId: "key-bot" }, method: "API_KEY" },
  session: { fields: { sessionId: "sess-margaret" }, method: "SESSION" },
  unknown: { fields: { userEmail: "nobody@contoso.com", apiKeyId: "key-nobody", sessionId: "sess-nobody" }, method: null },
  // Two kinds at once, so that four traces can hold every kind.
  emailWithAgentKey: { fields: { userEmail: "ada@contoso.com", apiKeyId: "key-bot" }, method: "EMAIL" },
  emailWithPersonKey: { fields: { userEmail: "grace@contoso.com", apiKeyId: "key-ada" }, method: "EMAIL" },
  strangerInSession: { fields: { userEmail: "nobody@contoso.com", sessionId: "sess-margaret" }, method: "SESSION" },
} as const;
type Kind = keyof typeof KINDS;
const ALL_KINDS = Object.keys(KINDS) as Kind[];

/** `size` traces drawn with the given weights (absent: 0), every kind at least once, shuffled by `seed`. */
function mix(size: number, weights: Partial<Record<Kind, number>>, seed: number): Kind[] {
  const random = createRandom(seed);
  const weight = (kind: Kind) => weights[kind] ?? 0;
  const total = ALL_KINDS.reduce((sum, kind) => sum + weight(kind), 0);
  const kinds: Kind[] = [...ALL_KINDS];
  while (kinds.length < size) {
    let draw = random.next() * total;
    kinds.push(ALL_KINDS.find((kind) => (draw -= weight(kind)) < 0) ?? "unknown");
  }
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  return kinds;
}

const representations = (kinds: readonly Kind[]) =>
  kinds.map((kind, i) => ({ __typename: "Trace", id: `t${i}`, userEmail: null, apiKeyId: null, sessionId: null, ...KINDS[kind].fields }));

// At every proportion below, every kind is present.
const MIXES_OF_10_000: [string, Partial<Record<Kind, number>>, number][] = [
  ["evenly", { email: 1, keyOfPerson: 1, keyOfServicePrincipal: 1, session: 1, unknown: 1 }, 1],
  ["mostly emails", { email: 96, keyOfPerson: 1, keyOfServicePrincipal: 1, session: 1, unknown: 1 }, 2],
  ["mostly service principals' keys", { email: 1, keyOfPerson: 1, keyOfServicePrincipal: 96, session: 1, unknown: 1 }, 3],
  ["mostly sessions", { email: 1, keyOfPerson: 2, keyOfServicePrincipal: 1, session: 95, unknown: 1 }, 4],
  ["mostly strangers", { email: 1, keyOfPerson: 1, keyOfServicePrincipal: 1, session: 1, unknown: 96 }, 5],
];

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  const { id } = await seedContoso(db.db, "contoso");
  await upsertServicePrincipals(db.db, id, [{ id: "sp-bot", displayName: "Support Bot", ownerIds: ["u-grace"] }]);
  server = await startTestServer(db);
  for (const [mutation, variables] of [
    [`mutation($i: LinkApiKeyInput!) { linkApiKey(input: $i) { apiKeyId } }`, { i: { apiKeyId: "key-ada", holderId: "u-ada" } }],
    [`mutation($i: LinkApiKeyInput!) { linkApiKey(input: $i) { apiKeyId } }`, { i: { apiKeyId: "key-bot", holderId: "sp-bot" } }],
    [`mutation { linkSession(sessionId: "sess-margaret", holderId: "u-margaret") { sessionId } }`, {}],
  ] as const) {
    const { body } = await server.request(mutation, variables, { org: "contoso" });
    expect(body.errors).toBeUndefined();
  }
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

/** The same trace as resolveIdentities takes it; emails carry a moment, so department history is read too. */
function identityInput(kind: Kind) {
  const fields: { userEmail?: string; apiKeyId?: string; sessionId?: string } = KINDS[kind].fields;
  return { email: fields.userEmail, apiKeyId: fields.apiKeyId, sessionId: fields.sessionId, at: fields.userEmail ? "2030-01-01T00:00:00Z" : null };
}

/** Sends one request and returns how many SQL statements it cost, checking every answer. */
async function statementsFor(kinds: readonly Kind[], operation: "entities" | "resolveIdentities"): Promise<number> {
  db.resetStatements();
  const { body } =
    operation === "entities"
      ? await server.request<any, object>(ENTITIES, { representations: representations(kinds) }, { org: "contoso", roles: [] })
      : await server.request<any, object>(
          RESOLVE,
          { inputs: kinds.map(identityInput) },
          { org: "contoso", roles: [] },
        );
  const statements = db.statements.length;
  expect(body.errors).toBeUndefined();
  const answers: any[] = operation === "entities" ? body.data._entities : body.data.resolveIdentities;
  expect(answers.map((answer) => (operation === "entities" ? answer.identity?.method : answer.method) ?? null)).toEqual(
    kinds.map((kind) => KINDS[kind].method),
  );
  return statements;
}

describe("statements per request, whatever the mix of traces", () => {
  // Every kind in four traces: emails carrying keys, and a stranger's email falling through to a session.
  const mixesOfFour: Kind[][] = [
    ["emailWithAgentKey", "keyOfPerson", "strangerInSession", "unknown"],
    ["unknown", "strangerInSession", "keyOfServicePrincipal", "emailWithPersonKey"],
  ];

  it("enriches traces through _entities in 7 statements: one of each kind, 4 traces or 10,000 in any proportion", async () => {
    // Person by email, key link, session link; then holders (users, service principals); then
    // managers and groups.
    const forEachKindOnce = await statementsFor(ALL_KINDS, "entities");
    expect(forEachKindOnce).toBe(7);
    for (const kinds of mixesOfFour) expect(await statementsFor(kinds, "entities")).toBe(forEachKindOnce);
    for (const [, weights, seed] of MIXES_OF_10_000) {
      expect(await statementsFor(mix(10_000, weights, seed), "entities")).toBe(forEachKindOnce);
    }
  });

  it("resolves identities in 6 statements: one of each kind, 4 inputs or 10,000 in any proportion", async () => {
    // Person by email, key link, session link; then holders; then departments at a moment.
    const forEachKindOnce = await statementsFor(ALL_KINDS, "resolveIdentities");
    expect(forEachKindOnce).toBe(6);
    for (const kinds of mixesOfFour) expect(await statementsFor(kinds, "resolveIdentities")).toBe(forEachKindOnce);
    for (const [, weights, seed] of MIXES_OF_10_000) {
      expect(await statementsFor(mix(10_000, weights, seed), "resolveIdentities")).toBe(forEachKindOnce);
    }
  });
});
