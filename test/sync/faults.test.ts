// Graph misbehaving during a sync: throttling, outages and dropped connections are ridden out
// with nothing lost; a failure that outlasts the retries fails the run and leaves the last good
// mirror untouched; an expired delta token turns the run into a full resync with a sweep.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { integrations } from "../../src/db/schema.js";
import {
  connectTenant,
  startTenantAndServer,
  syncNow,
  type ConnectedTenant,
} from "../support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { expectMirrorEqualsTenant, readMirror, userIdsOf } from "./expect-mirror.js";

let db: TestDatabase;
let ct: ConnectedTenant;
let integrationId: string;
const everSynced = new Set<string>();
let seed = 1;

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 150, groups: 15, pageSize: 10, seed: 99 });
  integrationId = (await connectTenant(ct)).id;
  await expectMirrorEqualsTenantNow();
});
beforeEach(() => ct.emulator.faults.clear());
afterAll(async () => {
  await ct?.close();
  await db?.destroy();
});

async function expectMirrorEqualsTenantNow() {
  const snapshot = await expectMirrorEqualsTenant(db.db, integrationId, ct.tenant, { everSynced });
  for (const id of userIdsOf(snapshot)) everSynced.add(id);
}

/** The requests the emulator answered since the `from`th. */
function requestsSince(from: number) {
  return ct.emulator.requests.slice(from);
}

const USER_QUERY = /* GraphQL */ `
  query User($id: ID!) { directoryUser(id: $id) { id accountStatus } }
`;

async function accountStatus(id: string): Promise<string | null> {
  const { body } = await ct.server.request(USER_QUERY, { id });
  expect(body.errors).toBeUndefined();
  return (body.data as { directoryUser: { accountStatus: string } | null }).directoryUser?.accountStatus ?? null;
}

describe("a sync meeting Graph faults", () => {
  it("rides out 429s with a fractional Retry-After and 503s, counting the retries, every request marked low priority", async () => {
    ct.tenant.randomChanges(seed++, 30);
    const from = ct.emulator.requests.length;
    ct.emulator.faults.throttle(2, "0.05", { pathPrefix: "/v1.0/groups/delta" });
    ct.emulator.faults.unavailable(2, 503, "0.02", { pathPrefix: "/v1.0/groups/delta" });

    const integration = await syncNow(ct, integrationId);

    expect(integration.status).toBe("CONNECTED");
    expect(integration.lastSync).toMatchObject({ status: "SUCCEEDED", error: null });
    const statuses = requestsSince(from).map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(statuses.filter((s) => s === 503)).toHaveLength(2);
    const graphRequests = requestsSince(from).filter((r) => r.path.startsWith("/v1.0/"));
    expect(integration.lastSync.graphRequests).toBe(graphRequests.length);
    expect(graphRequests.filter((r) => r.priority !== "Low")).toEqual([]);
    await expectMirrorEqualsTenantNow();
  });

  it("rides out connections dropped in the middle of a round", async () => {
    ct.tenant.randomChanges(seed++, 30);
    const from = ct.emulator.requests.length;
    // Drop connections once the full round is under way, on the pages that follow.
    const sync = syncNow(ct, integrationId, "FULL");
    const userPages = () => requestsSince(from).filter((r) => r.path === "/v1.0/users/delta").length;
    while (userPages() < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    ct.emulator.faults.dropConnections(2, { pathPrefix: "/v1.0/users/delta" });

    const integration = await sync;

    expect(integration.lastSync).toMatchObject({ mode: "FULL", status: "SUCCEEDED", error: null });
    const dropped = requestsSince(from).filter((r) => r.status === 0);
    expect(dropped).toHaveLength(2);
    expect(dropped.every((r) => r.query.includes("$skiptoken="))).toBe(true);
    await expectMirrorEqualsTenantNow();
  });

  it("fails the run when Graph stays unavailable past the retries, and keeps the last good mirror", async () => {
    await syncNow(ct, integrationId);
    const before = await readMirror(db.db, integrationId);
    const [linksBefore] = await db.db.select().from(integrations).where(eq(integrations.id, integrationId));
    ct.tenant.randomChanges(seed++, 30);
    // The users round applies its changes first; the groups round then fails for good.
    ct.emulator.faults.unavailable(20, 503, "0.01", { pathPrefix: "/v1.0/groups/delta" });

    const integration = await syncNow(ct, integrationId);

    expect(integration.status).toBe("FAILED");
    expect(integration.lastSync).toMatchObject({ status: "FAILED" });
    expect(integration.lastSync.error).toMatchObject({ code: "serviceNotAvailable" });
    expect(integration.lastSync.error.message).toMatch(/503/);
    expect(integration.lastSync.error.hint).toBeTruthy();
    expect(await readMirror(db.db, integrationId)).toEqual(before);
    const [linksAfter] = await db.db.select().from(integrations).where(eq(integrations.id, integrationId));
    expect([linksAfter!.usersDeltaLink, linksAfter!.groupsDeltaLink]).toEqual([
      linksBefore!.usersDeltaLink,
      linksBefore!.groupsDeltaLink,
    ]);

    // Graph recovers: the next run picks up every change the failed one missed.
    ct.emulator.faults.clear();
    const recovered = await syncNow(ct, integrationId);
    expect(recovered.status).toBe("CONNECTED");
    expect(recovered.lastSync).toMatchObject({ status: "SUCCEEDED", error: null });
    await expectMirrorEqualsTenantNow();
  });

  for (const failure of ["syncStateNotFound", "SyncStateNotFound", "resyncRequired"] as const) {
    it(`resyncs in full after ${failure}, keeping users soft-deleted while the token was expired as tombstones and dropping hard-deleted ones`, async () => {
      await syncNow(ct, integrationId);
      await expectMirrorEqualsTenantNow();
      ct.tenant.randomChanges(seed++, 30);
      // Synced people (managed ones, so reports and managers change too), deleted after the mix.
      const [softDeleted, hardDeleted] = ct.tenant.users.filter((u) => u.managerId !== null && everSynced.has(u.id)).slice(-2);
      ct.tenant.softDeleteUser(softDeleted!.id);
      ct.tenant.hardDeleteUser(hardDeleted!.id);
      ct.emulator.faults.expireDeltaTokens(failure);

      const integration = await syncNow(ct, integrationId, "INCREMENTAL");

      expect(integration.status).toBe("CONNECTED");
      expect(integration.lastSync).toMatchObject({ mode: "FULL", status: "SUCCEEDED", error: null });
      expect(integration.lastSync.usersRemoved).toBeGreaterThanOrEqual(2);
      expect(await accountStatus(softDeleted!.id)).toBe("DELETED");
      // Not in the directory's deleted items: gone for good.
      expect(await accountStatus(hardDeleted!.id)).toBeNull();
      await expectMirrorEqualsTenantNow();

      // The new tokens work: the next run is incremental again.
      ct.tenant.randomChanges(seed++, 10);
      const next = await syncNow(ct, integrationId);
      expect(next.lastSync).toMatchObject({ mode: "INCREMENTAL", status: "SUCCEEDED" });
      await expectMirrorEqualsTenantNow();
    });
  }
});
