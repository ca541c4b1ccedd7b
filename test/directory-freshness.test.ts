// A trace's reader sees how current its person or service principal is: `syncedAt` (the tenant's
// last successful sync) and `stale` (as EntraIntegration.stale), without the admin-only
// integration fields, and for a page of traces in one statement; a pipeline's resolveIdentities
// gets them too, and a trace view's banner gets the whole directory's.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { integrations } from "../src/db/schema.js";
import { upsertServicePrincipals } from "../src/mirror/service-principals.js";
import { seedContoso, seedIntegration } from "./support/company.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startTestServer, type TestServer } from "./support/server.js";
import { emailTrace } from "./support/trace-representation.js";

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Trace { user { displayName syncedAt stale } }
    }
  }
`;
const PRINCIPAL = /* GraphQL */ `query { directoryServicePrincipal(id: "sp-bot") { syncedAt stale } }`;
const BANNER = /* GraphQL */ `query { directoryFreshness { syncedAt stale tenants } }`;
const RESOLVE = /* GraphQL */ `
  query Resolve($inputs: [IdentityInput!]!) { resolveIdentities(inputs: $inputs) { userId syncedAt stale } }
`;

const MINUTE_MS = 60_000;
const PEOPLE = ["ada@contoso.com", "grace@contoso.com", "margaret@contoso.com", "nobody@contoso.com"];

let db: TestDatabase;
let server: TestServer;
let integrationId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  integrationId = (await seedContoso(db.db, "contoso")).id;
  await upsertServicePrincipals(db.db, integrationId, [
    { id: "sp-bot", appId: "app-bot", displayName: "Support Bot", servicePrincipalType: "Application", accountEnabled: true },
  ]);
  server = await startTestServer(db);
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

/** The integration as its runs would leave it: last successful sync `minutesAgo`, and its status. */
async function integrationAt(minutesAgo: number | null, status: "CONNECTED" | "DISABLED" = "CONNECTED"): Promise<Date | null> {
  const at = minutesAgo === null ? null : new Date(Date.now() - minutesAgo * MINUTE_MS);
  await db.db.update(integrations).set({ lastSuccessfulSyncAt: at, status }).where(eq(integrations.id, integrationId));
  return at;
}

type Freshness = { syncedAt: string | null; stale: boolean };

/** The page of traces as a reader (no admin role) gets it: each person's freshness, and the statements it cost. */
async function traces(query = ENTITIES): Promise<{ users: (Freshness | null)[]; statements: number }> {
  const before = db.statements.length;
  const representations = PEOPLE.map((email, i) => emailTrace(`t${i}`, email));
  const { body } = await server.request<any, object>(query, { representations }, { org: "contoso", roles: [] });
  expect(body.errors).toBeUndefined();
  const users = body.data._entities.map(({ user }: any) => user && { syncedAt: user.syncedAt, stale: user.stale });
  return { users, statements: db.statements.length - before };
}

/** The organisation's directory as a trace view's banner shows it, asked by a reader of `org`. */
async function banner(org = "contoso"): Promise<unknown> {
  const { body } = await server.request<any, object>(BANNER, {}, { org, roles: [] });
  expect(body.errors).toBeUndefined();
  return body.data.directoryFreshness;
}

/** What a trace pipeline stamps on a trace of Grace's and on one of no one's. */
async function resolved(): Promise<unknown[]> {
  const inputs = [{ email: "grace@contoso.com" }, { email: "nobody@contoso.com" }];
  const { body } = await server.request<any, object>(RESOLVE, { inputs }, { org: "contoso", roles: [] });
  expect(body.errors).toBeUndefined();
  return body.data.resolveIdentities;
}

it("shows a person's tenant last synced minutes ago as fresh, and since then", async () => {
  const at = (await integrationAt(10))!;
  const { users } = await traces();
  expect(users).toEqual([...Array(3).fill({ syncedAt: at.toISOString(), stale: false }), null]);
  const { body } = await server.request<any, object>(PRINCIPAL, {}, { org: "contoso", roles: [] });
  expect(body.data.directoryServicePrincipal).toEqual({ syncedAt: at.toISOString(), stale: false });
  expect(await resolved()).toEqual([
    { userId: "u-grace", syncedAt: at.toISOString(), stale: false },
    { userId: null, syncedAt: null, stale: null },
  ]);
  expect(await banner()).toEqual({ syncedAt: at.toISOString(), stale: false, tenants: 1 });
  expect(await banner("fabrikam")).toEqual({ syncedAt: null, stale: false, tenants: 0 });
});

it("shows them stale once the tenant has gone three sync intervals without a successful sync", async () => {
  // The default interval is 15 minutes: stale from 45.
  const at = (await integrationAt(50))!;
  const { users } = await traces();
  expect(users.slice(0, 3)).toEqual(Array(3).fill({ syncedAt: at.toISOString(), stale: true }));
  const { body } = await server.request<any, object>(PRINCIPAL, {}, { org: "contoso", roles: [] });
  expect(body.data.directoryServicePrincipal).toEqual({ syncedAt: at.toISOString(), stale: true });
  expect((await resolved())[0]).toEqual({ userId: "u-grace", syncedAt: at.toISOString(), stale: true });
  expect(await banner()).toEqual({ syncedAt: at.toISOString(), stale: true, tenants: 1 });
});

it("shows a paused tenant's people stale once their last sync is old, and no time before a first successful sync", async () => {
  const recent = (await integrationAt(10, "DISABLED"))!;
  expect((await traces()).users[0]).toEqual({ syncedAt: recent.toISOString(), stale: false });
  const at = (await integrationAt(60 * 24, "DISABLED"))!;
  expect((await traces()).users[0]).toEqual({ syncedAt: at.toISOString(), stale: true });
  expect(await banner()).toEqual({ syncedAt: at.toISOString(), stale: true, tenants: 1 });
  await integrationAt(null);
  expect((await traces()).users[0]).toEqual({ syncedAt: null, stale: false });
  expect(await banner()).toEqual({ syncedAt: null, stale: false, tenants: 1 });
});

it("costs one statement more for a page of traces or a pipeline's batch, however many people it names", async () => {
  await integrationAt(10);
  const plain = await traces(ENTITIES.replace(" syncedAt stale", ""));
  expect(plain.users.filter(Boolean)).toHaveLength(3);
  expect((await traces()).statements).toBe(plain.statements + 1);
  const inputs = PEOPLE.map((email) => ({ email }));
  const statementsOf = async (query: string) => {
    const before = db.statements.length;
    await server.request(query, { inputs }, { org: "contoso", roles: [] });
    return db.statements.length - before;
  };
  expect(await statementsOf(RESOLVE)).toBe((await statementsOf(RESOLVE.replace(" syncedAt stale", ""))) + 1);
});

it("shows the oldest tenant's last sync for the organisation, and stale if any tenant is", async () => {
  const newer = (await integrationAt(5))!;
  const second = await seedIntegration(db.db, "contoso", "fabrikam.onmicrosoft.com");
  const older = new Date(newer.getTime() - 20 * MINUTE_MS);
  await db.db.update(integrations).set({ lastSuccessfulSyncAt: older, status: "CONNECTED" }).where(eq(integrations.id, second.id));
  expect(await banner()).toEqual({ syncedAt: older.toISOString(), stale: false, tenants: 2 });
  await db.db
    .update(integrations)
    .set({ lastSuccessfulSyncAt: new Date(Date.now() - 60 * MINUTE_MS) })
    .where(eq(integrations.id, second.id));
  expect(await banner()).toMatchObject({ stale: true, tenants: 2 });
  // Contoso's own people stay fresh: their tenant is not the stale one.
  expect((await traces()).users[0]).toEqual({ syncedAt: newer.toISOString(), stale: false });
});
