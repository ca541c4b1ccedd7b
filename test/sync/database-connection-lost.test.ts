// A replica whose database connections die in the middle of a sync (a failover, a restart, an
// administrator's pg_terminate_backend): the run fails and is recorded, the last good mirror
// stays, and the process lives on to serve and to sync again. PostgreSQL only: PGlite runs inside
// the process and has no connection to lose.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTenant, INTEGRATION_STATUS, startTenantAndServer, SYNC_INTEGRATION, syncNow, type ConnectedTenant } from "../support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const onPostgres = !!process.env.DATABASE_URL;

let db: TestDatabase;
let ct: ConnectedTenant;
let integrationId: string;

beforeAll(async () => {
  if (!onPostgres) return;
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 20, groups: 3 });
  integrationId = (await connectTenant(ct)).id;
});
afterAll(async () => {
  await ct?.close();
  await db?.destroy();
});

describe.skipIf(!onPostgres)("a sync whose database connections are cut (PostgreSQL only: PGlite has none to cut)", () => {
  it("fails the run, keeps the mirror, and the process serves and syncs on", async () => {
    const people = async () => ((await db.db.execute(sql`select count(*)::int as n from directory_users`)) as unknown as { n: number }[])[0]!.n;
    const before = await people();
    const held = ct.emulator.faults.hold(1, { pathPrefix: "/v1.0/users/delta" });
    const started = await ct.server.request(SYNC_INTEGRATION, { id: integrationId, mode: "FULL" });
    expect(started.body.errors).toBeUndefined();
    await held.arrived(1);
    // Every other session of the database, the run's transaction among them, as a failover cuts them.
    await db.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity
                             where datname = current_database() and pid <> pg_backend_pid()`);
    held.release();
    await ct.server.app.runner.drain();

    const { body } = await ct.server.request(INTEGRATION_STATUS, { id: integrationId });
    expect((body.data as { entraIntegration: { lastSync: { status: string } } }).entraIntegration.lastSync.status).toBe("FAILED");
    expect(await people()).toBe(before);
    const again = await syncNow(ct, integrationId, "FULL");
    expect(again.lastSync).toMatchObject({ status: "SUCCEEDED" });
  });
});
