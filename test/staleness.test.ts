// Staleness you can see and alert on: an integration without a successful sync for
// STALE_AFTER_INTERVALS (3) of its intervals turns WARNING with SYNC_STALE on the scheduler's
// tick, with no one looking; `stale` and `lastSuccessfulSyncAt` say so in the API, and /metrics
// gives Prometheus the last success's time and the stale flag. A successful run clears it;
// FAILED wins over it; a paused integration goes stale too, keeping its status.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import { integrations } from "../src/db/schema.js";
import { connectTenant, startTenantAndServer, syncNow, type ConnectedTenant } from "./support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

const MINUTE_MS = 60_000;

let db: TestDatabase;
let ct: ConnectedTenant;

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 12, groups: 3 });
});
afterEach(() => {
  vi.useRealTimers();
  ct.emulator.faults.clear();
});
afterAll(async () => {
  await ct?.close();
  await db?.destroy();
});

const INTEGRATION = /* GraphQL */ `
  query Integration($id: ID!) {
    entraIntegration(id: $id) {
      status stale lastSuccessfulSyncAt
      statusReason { code message hint }
      lastSync { status startedAt finishedAt }
    }
  }
`;
const PAUSE = /* GraphQL */ `
  mutation Pause($id: ID!) { pauseEntraIntegration(id: $id) { status } }
`;

interface Integration {
  status: string;
  stale: boolean;
  lastSuccessfulSyncAt: string | null;
  statusReason: { code: string; message: string; hint: string | null } | null;
  lastSync: { status: string; startedAt: string; finishedAt: string };
}

async function integration(id: string, org: string): Promise<Integration> {
  const { body } = await ct.server.request(INTEGRATION, { id }, { org });
  expect(body.errors).toBeUndefined();
  return (body.data as { entraIntegration: Integration }).entraIntegration;
}

/**
 * The scheduler finds it due no more (as if every replica's runs stopped starting), so that the
 * tick alone judges it. PGlite's now() reads the process's clock, which the tests move.
 */
async function notDue(id: string): Promise<void> {
  await db.db.update(integrations).set({ nextSyncAt: new Date(Date.now() + 365 * 24 * 60 * MINUTE_MS) }).where(eq(integrations.id, id));
}

/** The clock moves on. */
function minutesLater(minutes: number): void {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + minutes * MINUTE_MS);
}

/** The value of `name`'s series for the integration on /metrics; undefined without one. */
async function metric(name: string, id: string, org: string): Promise<number | undefined> {
  const text = await (await fetch(`${ct.server.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name}{integration_id="${id}",org="${org}"} `));
  return line === undefined ? undefined : Number(line.split(" ").at(-1));
}

describe("a replica whose clock runs ahead", () => {
  it.skipIf(!process.env.DATABASE_URL)(
    "puts neither the next run nor the last success in the future: both are the database's time (PostgreSQL only: PGlite's clock is the process's)",
    async () => {
      const org = "clock-ahead";
      const { id } = await connectTenant(ct, org);
      minutesLater(24 * 60);
      await syncNow(ct, id, "INCREMENTAL", org);
      vi.useRealTimers();

      const [row] = await db.db
        .select({ nextSyncAt: integrations.nextSyncAt, lastSuccessfulSyncAt: integrations.lastSuccessfulSyncAt })
        .from(integrations)
        .where(eq(integrations.id, id));
      // Due an interval after the run, not a day and an interval: the other replicas take it then.
      expect(row!.nextSyncAt!.getTime() - Date.now()).toBeLessThanOrEqual(15 * MINUTE_MS);
      expect(row!.lastSuccessfulSyncAt!.getTime()).toBeLessThanOrEqual(Date.now());
      expect(await integration(id, org)).toMatchObject({ status: "CONNECTED", stale: false });
    },
  );
});

describe("an integration without a successful sync", () => {
  it("turns WARNING with SYNC_STALE on the tick after three intervals, and /metrics shows the last success's age", async () => {
    const org = "stale";
    const { id } = await connectTenant(ct, org);
    const fresh = await integration(id, org);
    // The success's time is its run's start: the mirror shows the directory at least as it was then.
    expect(fresh).toMatchObject({ status: "CONNECTED", stale: false, lastSuccessfulSyncAt: fresh.lastSync.startedAt });
    const lastSuccess = Date.parse(fresh.lastSuccessfulSyncAt!);
    expect(await metric("identity_last_successful_sync_timestamp_seconds", id, org)).toBe(Math.floor(lastSuccess / 1000));
    expect(await metric("identity_integration_stale", id, org)).toBe(0);
    await notDue(id);

    // Three 15-minute intervals less a minute: late, not yet stale.
    minutesLater(44);
    await ct.server.app.scheduler.tick();
    expect(await integration(id, org)).toMatchObject({ status: "CONNECTED", stale: false });

    minutesLater(2);
    await ct.server.app.scheduler.tick();
    const stale = await integration(id, org);
    expect(stale).toMatchObject({ status: "WARNING", stale: true, lastSuccessfulSyncAt: fresh.lastSuccessfulSyncAt });
    expect(stale.statusReason).toMatchObject({
      code: "SYNC_STALE",
      message: `No successful sync since ${fresh.lastSuccessfulSyncAt}: the mirror may be missing the directory's recent changes`,
    });
    expect(await metric("identity_integration_stale", id, org)).toBe(1);
    const age = Date.now() / 1000 - (await metric("identity_last_successful_sync_timestamp_seconds", id, org))!;
    expect(age).toBeGreaterThanOrEqual(46 * 60);
  });

  it("is CONNECTED and fresh again after a successful run", async () => {
    const org = "stale-then-synced";
    const { id } = await connectTenant(ct, org);
    const before = await integration(id, org);
    await notDue(id);
    // Three intervals and a minute gone, by the database's clock, which stamps a run's success too.
    await db.db
      .update(integrations)
      .set({
        createdAt: sql`${integrations.createdAt} - interval '46 minutes'`,
        lastSuccessfulSyncAt: sql`${integrations.lastSuccessfulSyncAt} - interval '46 minutes'`,
      })
      .where(eq(integrations.id, id));
    await ct.server.app.scheduler.tick();
    expect((await integration(id, org)).statusReason?.code).toBe("SYNC_STALE");

    await syncNow(ct, id, "INCREMENTAL", org);

    const after = await integration(id, org);
    expect(after).toMatchObject({ status: "CONNECTED", stale: false, statusReason: null });
    expect(Date.parse(after.lastSuccessfulSyncAt!)).toBeGreaterThan(Date.parse(before.lastSuccessfulSyncAt!));
  });

  it("stays FAILED when its runs fail, stale all the same, its last success unchanged, and the failures counted", async () => {
    const org = "stale-failing";
    const { id } = await connectTenant(ct, org);
    const before = await integration(id, org);
    ct.emulator.faults.unavailable(50, 503, "0.01");
    const failed = await syncNow(ct, id, "INCREMENTAL", org);
    expect(failed.status).toBe("FAILED");
    await notDue(id);

    minutesLater(46);
    await ct.server.app.scheduler.tick();
    const after = await integration(id, org);
    expect(after).toMatchObject({ status: "FAILED", stale: true, lastSuccessfulSyncAt: before.lastSuccessfulSyncAt });
    expect(after.statusReason?.code).toBe("serviceNotAvailable");
    const text = await (await fetch(`${ct.server.url}/metrics`)).text();
    expect(text).toMatch(/^identity_sync_runs_total\{status="FAILED",mode="INCREMENTAL"\} [1-9]/m);
  });

  it("goes stale while paused, staying DISABLED: its people grow out of date though an admin chose it", async () => {
    const org = "stale-paused";
    const { id } = await connectTenant(ct, org);
    await ct.server.request(PAUSE, { id }, { org });
    await notDue(id);
    minutesLater(30);
    await ct.server.app.scheduler.tick();
    expect(await integration(id, org)).toMatchObject({ status: "DISABLED", stale: false });
    minutesLater(600);
    await ct.server.app.scheduler.tick();
    expect(await integration(id, org)).toMatchObject({ status: "DISABLED", stale: true, statusReason: null });
    expect(await metric("identity_integration_stale", id, org)).toBe(1);
    const { body } = await ct.server.request(`query { directoryFreshness { stale } }`, {}, { org, roles: [] });
    expect(body.data).toEqual({ directoryFreshness: { stale: true } });
  });
});
