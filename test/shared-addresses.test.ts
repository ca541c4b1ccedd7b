// An address more than one account answers to resolves to one person, by the same precedence
// whether a trace comes alone or in a page of many: a live account before a tombstone (a
// leaver's address given to a new hire), the account whose mail it is before one that has it
// as an alias, and between tenants of one organisation the one connected first.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integrations } from "../src/db/schema.js";
import { markUsersDeleted, upsertUsers } from "../src/mirror/users.js";
import { seedIntegration } from "./support/company.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startTestServer, type TestServer } from "./support/server.js";

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Trace { id user { id accountStatus } }
    }
  }
`;
const BY_EMAIL = /* GraphQL */ `query ByEmail($email: String!) { directoryUserByEmail(email: $email) { id } }`;

const person = (id: string, mail: string | null, extra: object = {}) => ({
  id,
  displayName: id,
  mail,
  userPrincipalName: `${id}@initech.onmicrosoft.com`,
  accountEnabled: true,
  userType: "Member",
  ...extra,
});

/** Each address, and the person its traces belong to. */
const EXPECTED: [address: string, userId: string][] = [
  ["pat@initech.example", "pat-rehired"],
  ["sam@initech.example", "sam"],
  ["kim@initech.example", "kim-first-tenant"],
  ["gone@initech.example", "gone"],
];

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  const first = await seedIntegration(db.db, "initech", "initech.onmicrosoft.com");
  const second = await seedIntegration(db.db, "initech", "initech-labs.onmicrosoft.com");
  // Connected a day apart, so that which came first does not hang on the clock's resolution.
  await db.db.update(integrations).set({ createdAt: sql`now() - interval '1 day'` }).where(eq(integrations.id, first.id));
  await upsertUsers(db.db, first.id, [
    person("pat-left", "pat@initech.example"),
    person("pat-rehired", "pat@initech.example"),
    person("alex", "alex@initech.example", { otherMails: ["sam@initech.example"] }),
    person("sam", "sam@initech.example"),
    person("kim-first-tenant", "kim@initech.example"),
    person("gone", "gone@initech.example"),
  ]);
  await markUsersDeleted(db.db, first.id, ["pat-left", "gone"]);
  await upsertUsers(db.db, second.id, [person("kim-second-tenant", "kim@initech.example")]);
  server = await startTestServer(db);
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

async function tracesOf(addresses: string[]): Promise<(string | undefined)[]> {
  const representations = addresses.map((userEmail, i) => ({ __typename: "Trace", id: `t${i}`, userEmail, apiKeyId: null, sessionId: null }));
  const { body } = await server.request(ENTITIES, { representations }, { org: "initech", roles: [] });
  expect(body.errors).toBeUndefined();
  return (body.data as { _entities: { user: { id: string } | null }[] })._entities.map((trace) => trace.user?.id);
}

describe("an address shared by several accounts", () => {
  it("resolves a page of traces to the live account, the mail's owner, and the first tenant's person", async () => {
    expect(await tracesOf(EXPECTED.map(([address]) => address))).toEqual(EXPECTED.map(([, userId]) => userId));
  });

  it("resolves each trace alone, and each address looked up, to the same person", async () => {
    for (const [address, userId] of EXPECTED) {
      expect(await tracesOf([address])).toEqual([userId]);
      const { body } = await server.request(BY_EMAIL, { email: address.toUpperCase() }, { org: "initech", roles: [] });
      expect(body.data).toEqual({ directoryUserByEmail: { id: userId } });
    }
  });

  it("still finds a leaver whose address nobody else has, as DELETED", async () => {
    const { body } = await server.request(ENTITIES, { representations: [{ __typename: "Trace", id: "t", userEmail: "gone@initech.example" }] }, { org: "initech", roles: [] });
    expect(body.data).toEqual({ _entities: [{ id: "t", user: { id: "gone", accountStatus: "DELETED" } }] });
  });
});
