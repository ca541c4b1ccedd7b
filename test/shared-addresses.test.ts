// An address more than one account answers to resolves to one person, by the same precedence
// whether a trace comes alone or in a page of many: a live account before a tombstone (a
// leaver's address given to a new hire), then a member before a guest (the person's home account
// before a B2B copy of it in another tenant), then the account whose mail it is before one that
// has it as an alias, then between tenants of one organisation the one connected first; another
// organisation's accounts never count.
//
// Each expected person is written after the one it must win over, so that a lookup which lost
// a rule of the order would find the other first.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integrations } from "../src/db/schema.js";
import { markUsersDeleted, upsertUsers } from "../src/mirror/users.js";
import { seedIntegration } from "./support/company.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startTestServer, type TestServer } from "./support/server.js";
import { emailTrace } from "./support/trace-representation.js";

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Trace { id user { id accountStatus } }
    }
  }
`;
const BY_EMAIL = /* GraphQL */ `query ByEmail($email: String!) { directoryUserByEmail(email: $email) { id } }`;

const person = (id: string, mail: string | null, otherMails: string[] = []) => ({
  id,
  displayName: id,
  mail,
  userPrincipalName: `${id}@initech.onmicrosoft.com`,
  accountEnabled: true,
  userType: "Member",
  otherMails,
});

/** Each address, the person its traces belong to, and the rule that decides it. */
const EXPECTED: [address: string, userId: string, rule: string][] = [
  ["pat@initech.example", "pat-rehired", "a live account before a tombstone"],
  ["sam@initech.example", "sam", "the mail's owner before an alias"],
  ["kim@initech.example", "kim-first-tenant", "the tenant connected first"],
  ["ana@initech-labs.example", "ana", "a member before a guest, whatever the tenants' order"],
  ["lee@initech.example", "jo", "a live alias before a tombstone's mail"],
  ["max@initech.example", "max", "a later tenant's mail before a first tenant's alias"],
  ["gone@initech.example", "gone", "a tombstone when no one else has it"],
];

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  // Connected second but dated a day earlier: the first connected, written last.
  const later = await seedIntegration(db.db, "initech", "initech-labs.onmicrosoft.com");
  const first = await seedIntegration(db.db, "initech", "initech.onmicrosoft.com");
  const otherOrganisation = await seedIntegration(db.db, "globex", "globex.onmicrosoft.com");
  const connectedDaysAgo = (id: string, days: number) =>
    db.db.update(integrations).set({ createdAt: sql`now() - make_interval(days => ${days})` }).where(eq(integrations.id, id));
  await connectedDaysAgo(first.id, 1);
  await connectedDaysAgo(otherOrganisation.id, 2);

  await upsertUsers(db.db, otherOrganisation.id, [person("kim-other-organisation", "kim@initech.example")]);
  await upsertUsers(db.db, later.id, [person("kim-later-tenant", "kim@initech.example")]);
  await upsertUsers(db.db, first.id, [
    person("pat-left", "pat@initech.example"),
    person("pat-rehired", "pat@initech.example"),
    person("alex", "alex@initech.example", ["sam@initech.example"]),
    person("sam", "sam@initech.example"),
    person("kim-first-tenant", "kim@initech.example"),
    person("lee-left", "lee@initech.example"),
    person("jo", "jo@initech.example", ["lee@initech.example"]),
    person("morgan", "morgan@initech.example", ["max@initech.example"]),
    person("gone", "gone@initech.example"),
  ]);
  // Ana's B2B guest copy, in the tenant connected first.
  await upsertUsers(db.db, first.id, [{ ...person("ana-guest", "ana@initech-labs.example"), userType: "Guest" }]);
  await upsertUsers(db.db, later.id, [person("max", "max@initech.example"), person("ana", "ana@initech-labs.example")]);
  await markUsersDeleted(db.db, first.id, ["pat-left", "lee-left", "gone"]);
  server = await startTestServer(db);
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

async function peopleOf(addresses: string[]): Promise<{ id: string; accountStatus: string }[]> {
  const representations = addresses.map((address, i) => emailTrace(`t${i}`, address));
  const { body } = await server.request(ENTITIES, { representations }, { org: "initech", roles: [] });
  expect(body.errors).toBeUndefined();
  return (body.data as { _entities: { user: { id: string; accountStatus: string } }[] })._entities.map((t) => t.user);
}

describe("an address shared by several accounts", () => {
  it("resolves a page of traces, each address by its rule", async () => {
    const people = await peopleOf(EXPECTED.map(([address]) => address));
    expect(people.map((p, i) => [EXPECTED[i]![2], p.id])).toEqual(EXPECTED.map(([, userId, rule]) => [rule, userId]));
  });

  it("resolves each trace alone, and each address looked up, to the same person", async () => {
    for (const [address, userId] of EXPECTED) {
      expect((await peopleOf([address])).map((p) => p.id)).toEqual([userId]);
      const { body } = await server.request(BY_EMAIL, { email: address.toUpperCase() }, { org: "initech", roles: [] });
      expect(body.data).toEqual({ directoryUserByEmail: { id: userId } });
    }
  });

  it("shows the leaver found when no one else has the address as DELETED", async () => {
    expect(await peopleOf(["gone@initech.example"])).toEqual([{ id: "gone", accountStatus: "DELETED" }]);
  });
});
