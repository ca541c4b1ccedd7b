// Service principals by delta and in bulk: a full sync reads every principal's owners 20 to a
// request; an incremental one reads only what changed since the stored link, and the owners of
// only those principals, but for every principal's owners once a day (delta does not list a
// principal whose owners alone changed); an expired link, or none stored yet, re-reads them all
// and sweeps.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { directoryServicePrincipals, integrations } from "../../src/db/schema.js";
import { DELTA_QUERIES } from "../../src/entra/sync/sync-directory.js";
import type { ServicePrincipal } from "../emulator/types.js";
import { connectTenant, startTenantAndServer, syncNow, type ConnectedTenant } from "../support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const PRINCIPALS = 45;

let db: TestDatabase;
let ct: ConnectedTenant;
let integrationId: string;
let principals: ServicePrincipal[];

/** The mirror's service principals: id -> "displayName: owner ids, sorted". */
async function mirrored(): Promise<Map<string, string>> {
  const rows = await db.db
    .select()
    .from(directoryServicePrincipals)
    .where(eq(directoryServicePrincipals.integrationId, integrationId));
  return new Map(rows.map((row) => [row.id, `${row.displayName}: ${[...row.ownerIds].sort().join(",")}`]));
}

/** The tenant's service principals in the same shape. */
function inTenant(): Map<string, string> {
  return new Map(ct.tenant.servicePrincipals.map((sp) => [sp.id, `${sp.displayName}: ${[...sp.owners].sort().join(",")}`]));
}

/** What a sync sends to Graph: its requests and the requests inside its batches. */
async function syncCounting(mode?: string) {
  const requests = ct.emulator.requests.length;
  const batched = ct.emulator.batchedRequests.length;
  const integration = await syncNow(ct, integrationId, mode);
  const graph = ct.emulator.requests.slice(requests).filter((r) => r.path.startsWith("/v1.0/"));
  return {
    integration,
    graph: graph.map((r) => r.path),
    // The principals' delta and their owners' batches; the list of enterprise applications (bare
    // /servicePrincipals) is the app assignments' read, and this tenant has none to batch for.
    principalRequests: graph.filter((r) => r.path.startsWith("/v1.0/servicePrincipals/") || r.path === "/v1.0/$batch").length,
    batchedOwners: ct.emulator.batchedRequests.slice(batched).map((r) => r.path),
  };
}

const ownersOf = (id: string) => `/v1.0/servicePrincipals/${id}/owners`;

/** A day on, by the database's clock, which the runs judge by: every principal's owners were read a day ago. */
async function ownersReadADayAgo(): Promise<void> {
  await db.db
    .update(directoryServicePrincipals)
    .set({ ownersReadAt: sql`${directoryServicePrincipals.ownersReadAt} - interval '25 hours'` })
    .where(eq(directoryServicePrincipals.integrationId, integrationId));
}

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 30, groups: 3 });
  const people = ct.tenant.users.slice(0, 4).map((user) => user.id);
  principals = Array.from({ length: PRINCIPALS }, (_, i) =>
    ct.tenant.addServicePrincipal({ displayName: `App ${i}`, owners: people.slice(0, i % 5) }),
  );
  integrationId = (await connectTenant(ct)).id;
});
beforeEach(() => ct.emulator.faults.clear());
afterAll(async () => {
  await ct?.close();
  await db?.destroy();
});

describe("service principals by delta and in bulk", () => {
  it("mirrors every principal with its owners on the first sync, 20 owner lists to a request", async () => {
    expect(await mirrored()).toEqual(inTenant());
    // The connection's first sync: one delta page, then 45 owner lists in 3 batches, none alone.
    const owners = ct.emulator.batchedRequests.filter((r) => r.path.endsWith("/owners"));
    expect(new Set(owners.map((r) => r.path))).toEqual(new Set(principals.map((sp) => ownersOf(sp.id))));
    expect(ct.emulator.requests.filter((r) => r.path === "/v1.0/$batch")).toHaveLength(3);
    expect(ct.emulator.requests.filter((r) => r.path.endsWith("/owners"))).toEqual([]);
  });

  it("costs one principal request, and one request per resource, when nothing changed", async () => {
    const { integration, graph, principalRequests } = await syncCounting();
    expect(integration.lastSync).toMatchObject({ mode: "INCREMENTAL", servicePrincipalsUpserted: 0, servicePrincipalsRemoved: 0 });
    expect(principalRequests).toBe(1);
    expect(graph).toEqual([...new Set(graph)]);
    expect(integration.lastSync.graphRequests).toBe(graph.length);
  });

  it("reads the owners of only the principals that changed, and applies each change", async () => {
    const [renamed, deleted] = principals as [ServicePrincipal, ServicePrincipal];
    ct.tenant.updateServicePrincipal(renamed.id, { displayName: "App 0 renamed" });
    ct.tenant.deleteServicePrincipal(deleted.id);
    const added = ct.tenant.addServicePrincipal({ displayName: "Newcomer", owners: [ct.tenant.users[6]!.id] });

    const { integration, principalRequests, batchedOwners } = await syncCounting();

    expect(integration.lastSync).toMatchObject({ mode: "INCREMENTAL", servicePrincipalsUpserted: 2, servicePrincipalsRemoved: 1 });
    expect(new Set(batchedOwners)).toEqual(new Set([renamed, added].map((sp) => ownersOf(sp.id))));
    expect(principalRequests).toBe(2);
    expect(await mirrored()).toEqual(inTenant());
  });

  it("reads again the owners of a principal Graph did not find when it was listed, at the run's end and at the next run", async () => {
    const fresh = ct.tenant.addServicePrincipal({ displayName: "Fresh", owners: [ct.tenant.users[8]!.id] });
    // Not known yet to the replicas that answer: its owners are not found at its page, nor at the run's end.
    ct.emulator.faults.unavailable(2, 404, undefined, { pathPrefix: ownersOf(fresh.id) });

    const first = await syncCounting();

    expect(first.integration.lastSync).toMatchObject({ status: "SUCCEEDED", servicePrincipalsUpserted: 1 });
    expect(first.batchedOwners).toEqual([ownersOf(fresh.id), ownersOf(fresh.id)]);
    expect(await mirrored()).toEqual(new Map([...inTenant(), [fresh.id, "Fresh: "]]));

    const next = await syncCounting();

    expect(next.integration.lastSync).toMatchObject({ status: "SUCCEEDED", servicePrincipalsUpserted: 1 });
    expect(next.batchedOwners).toEqual([ownersOf(fresh.id)]);
    expect(await mirrored()).toEqual(inTenant());
  });

  it("keeps a principal whose owners are not found after its page was read, the run succeeding, and drops it when the next round says it is gone", async () => {
    const shortLived = ct.tenant.addServicePrincipal({ displayName: "Short-lived", owners: [ct.tenant.users[7]!.id] });
    const batch = ct.emulator.faults.hold(1, { pathPrefix: "/v1.0/$batch" });
    const syncing = syncCounting();
    await batch.arrived(1);
    ct.tenant.deleteServicePrincipal(shortLived.id);
    batch.release();
    const { integration } = await syncing;

    expect(integration.lastSync).toMatchObject({ mode: "INCREMENTAL", status: "SUCCEEDED", error: null });
    // Its owners unknown, it is kept with none: a 404 may also be Graph's replicas not knowing it yet.
    expect(await mirrored()).toEqual(new Map([...inTenant(), [shortLived.id, "Short-lived: "]]));
    expect((await syncCounting()).integration.lastSync).toMatchObject({ status: "SUCCEEDED", servicePrincipalsRemoved: 1 });
    expect(await mirrored()).toEqual(inTenant());
  });

  it("re-reads every principal and sweeps the ones gone when Graph expires the link", async () => {
    const gone = ct.tenant.servicePrincipals[5]!;
    ct.tenant.deleteServicePrincipal(gone.id);
    ct.emulator.faults.expireDeltaTokens("resyncRequired");

    const { integration, batchedOwners } = await syncCounting();

    expect(integration.lastSync).toMatchObject({ mode: "FULL", status: "SUCCEEDED", servicePrincipalsRemoved: 1 });
    expect(batchedOwners).toHaveLength(ct.tenant.servicePrincipals.length);
    expect(await mirrored()).toEqual(inTenant());
    expect((await syncCounting()).principalRequests).toBe(1);
  });

  it("reads them all and sweeps on the first incremental run without a stored link (after an upgrade)", async () => {
    const gone = ct.tenant.servicePrincipals[6]!;
    ct.tenant.deleteServicePrincipal(gone.id);
    // As a database migrated from before service principals had a link: the delta token of the
    // deletion is never asked for, only a whole round.
    await db.db.update(integrations).set({ servicePrincipalsDeltaLink: null }).where(eq(integrations.id, integrationId));

    const { integration, batchedOwners } = await syncCounting();

    expect(integration.lastSync).toMatchObject({ mode: "INCREMENTAL", servicePrincipalsRemoved: 1 });
    expect(batchedOwners).toHaveLength(ct.tenant.servicePrincipals.length);
    expect(await mirrored()).toEqual(inTenant());
    const [stored] = await db.db
      .select({ link: integrations.servicePrincipalsDeltaLink })
      .from(integrations)
      .where(eq(integrations.id, integrationId));
    expect(stored?.link).toContain("/v1.0/servicePrincipals/delta?$deltatoken=");
  });

  it("reads a resource whole once when its link was stored by another query (a release that selects one more property), the others from their links", async () => {
    // Graph keeps a round's $select in its token: a link from before jobTitle was selected would never bring it.
    await db.db
      .update(integrations)
      .set({ deltaLinksQueries: DELTA_QUERIES.replace(",jobTitle", "") })
      .where(eq(integrations.id, integrationId));

    const { integration, batchedOwners } = await syncCounting();

    expect(integration.lastSync).toMatchObject({
      mode: "INCREMENTAL",
      status: "SUCCEEDED",
      usersUpserted: ct.tenant.users.length,
      groupsUpserted: 0,
      servicePrincipalsUpserted: 0,
    });
    expect(batchedOwners).toEqual([]);
    const [stored] = await db.db.select({ queries: integrations.deltaLinksQueries }).from(integrations).where(eq(integrations.id, integrationId));
    expect(stored?.queries).toBe(DELTA_QUERIES);
    expect((await syncCounting()).integration.lastSync).toMatchObject({ usersUpserted: 0, groupsUpserted: 0, servicePrincipalsUpserted: 0 });
  });

  it("reads every principal's owners again a day after, so that owners changed alone are in the mirror within a day", async () => {
    const reowned = ct.tenant.servicePrincipals[2]!;
    const before = (await mirrored()).get(reowned.id);
    ct.tenant.updateServicePrincipal(reowned.id, { owners: [ct.tenant.users[5]!.id] });

    // Its owners changed alone, the principal is not in the round: the mirror has its owners of before.
    const sameDay = await syncCounting();
    expect(sameDay.principalRequests).toBe(1);
    expect(await mirrored()).toEqual(new Map([...inTenant(), [reowned.id, before!]]));

    await ownersReadADayAgo();
    const { integration, batchedOwners } = await syncCounting();

    expect(integration.lastSync).toMatchObject({ mode: "INCREMENTAL", status: "SUCCEEDED", servicePrincipalsUpserted: 1 });
    expect(new Set(batchedOwners)).toEqual(new Set(ct.tenant.servicePrincipals.map((sp) => ownersOf(sp.id))));
    expect(await mirrored()).toEqual(inTenant());
    // Read, they are not due again until the next day.
    expect((await syncCounting()).principalRequests).toBe(1);
  });

  it("ends a re-read of owners Graph throttles, not the run: the run's changes are applied, and the owners left are read by the next run", async () => {
    const reowned = ct.tenant.servicePrincipals[3]!;
    const before = (await mirrored()).get(reowned.id);
    ct.tenant.updateServicePrincipal(reowned.id, { owners: [ct.tenant.users[6]!.id] });
    ct.tenant.updateUser(ct.tenant.users[11]!.id, { jobTitle: "Leaver" });
    await ownersReadADayAgo();
    for (const sp of ct.tenant.servicePrincipals) ct.emulator.faults.throttle(100, "0.01", { pathPrefix: ownersOf(sp.id) });
    const throttled = await syncCounting();
    ct.emulator.faults.clear();

    expect(throttled.integration.lastSync).toMatchObject({ status: "SUCCEEDED", usersUpserted: 1, servicePrincipalsUpserted: 0 });
    expect((await mirrored()).get(reowned.id)).toBe(before);

    const next = await syncCounting();
    expect(next.integration.lastSync).toMatchObject({ status: "SUCCEEDED", servicePrincipalsUpserted: 1 });
    expect(new Set(next.batchedOwners)).toEqual(new Set(ct.tenant.servicePrincipals.map((sp) => ownersOf(sp.id))));
    expect(await mirrored()).toEqual(inTenant());
  });
});
