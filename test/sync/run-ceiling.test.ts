// The whole run's ceiling (SYNC_RUN_TIMEOUT_MINUTES): a run still going past it is abandoned,
// rolled back and recorded FAILED with SYNC_TIMEOUT, and the last good mirror stays as it was,
// whether it was waiting for Graph or for the database.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTenant, startServerFor, startTenantAndServer, syncNow, type ConnectedTenant } from "../support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import type { TestServer } from "../support/server.js";
import { expectMirrorEqualsTenant, readMirror, userIdsOf } from "./expect-mirror.js";

let db: TestDatabase;
let ct: ConnectedTenant;
let integrationId: string;
/** A second replica on the same database whose runs may take 0.6 s at most. */
let hurried: TestServer;
/** Users the mirror has held: a deleted one stays as a tombstone. */
let everSynced: Set<string>;

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 40, groups: 6, pageSize: 10, seed: 31 });
  integrationId = (await connectTenant(ct)).id;
  everSynced = new Set(userIdsOf(await expectMirrorEqualsTenant(db.db, integrationId, ct.tenant)));
  // Graph's own deadlines are far longer than the ceiling: only the ceiling can end a hung request.
  hurried = await startServerFor(db, ct.emulator, {
    env: { SYNC_RUN_TIMEOUT_MINUTES: "0.01", GRAPH_HEADERS_TIMEOUT_SECONDS: "600", GRAPH_BODY_TIMEOUT_SECONDS: "600" },
  });
});
afterAll(async () => {
  await hurried?.close();
  await ct?.close();
  await db?.destroy();
});

describe("a run past SYNC_RUN_TIMEOUT_MINUTES", () => {
  it("is abandoned: FAILED with SYNC_TIMEOUT naming the ceiling, nothing applied, and the next run catches up", async () => {
    const before = await readMirror(db.db, integrationId);
    ct.tenant.randomChanges(5, 20);
    // The users round is applied page by page; then a groups page never answers.
    ct.emulator.faults.hang(1, { pathPrefix: "/v1.0/groups/delta" });

    const integration = await syncNow({ server: hurried }, integrationId);

    expect(integration.status).toBe("FAILED");
    expect(integration.lastSync.status).toBe("FAILED");
    expect(integration.lastSync.error.code).toBe("SYNC_TIMEOUT");
    expect(integration.lastSync.error.message).toMatch(/longer than 0.01 minutes \(SYNC_RUN_TIMEOUT_MINUTES\)/);
    expect(integration.lastSync.error.hint).toMatch(/last good state/);
    expect(await readMirror(db.db, integrationId)).toEqual(before);

    const next = await syncNow(ct, integrationId);
    expect(next).toMatchObject({ status: "CONNECTED", lastSync: { status: "SUCCEEDED", error: null } });
    await expectMirrorEqualsTenant(db.db, integrationId, ct.tenant, { everSynced });
  });

  // PostgreSQL only: PGlite has one connection, so no other session can hold a lock.
  it.skipIf(!process.env.DATABASE_URL)("is abandoned while a statement waits for a lock another session holds on the mirror", async () => {
    const before = await readMirror(db.db, integrationId);
    ct.tenant.randomChanges(7, 20);
    const other = postgres(db.url!, { max: 1, onnotice: () => {} });
    const locked = new Promise<void>((held) => {
      void other.begin(async (session) => {
        await session`lock table directory_users in exclusive mode`;
        held();
        await new Promise((resolve) => setTimeout(resolve, 30_000));
      }).catch(() => undefined);
    });
    try {
      await locked;
      const integration = await syncNow({ server: hurried }, integrationId);

      expect(integration.lastSync.status).toBe("FAILED");
      expect(integration.lastSync.error.code).toBe("SYNC_TIMEOUT");
    } finally {
      await other.end({ timeout: 0 });
    }
    expect(await readMirror(db.db, integrationId)).toEqual(before);
    const next = await syncNow(ct, integrationId);
    expect(next).toMatchObject({ status: "CONNECTED", lastSync: { status: "SUCCEEDED", error: null } });
    await expectMirrorEqualsTenant(db.db, integrationId, ct.tenant, { everSynced });
  });
});
