// Pausing and resuming an integration, as an admin does: a paused integration is DISABLED, is
// never synced by the scheduler or on request, and a resumed one is synced at the next look.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../src/db/rows.js";
import {
  connectTenant,
  INTEGRATION_STATUS,
  startTenantAndServer,
  SYNC_INTEGRATION,
  type ConnectedTenant,
} from "./support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

const PAUSE = /* GraphQL */ `
  mutation Pause($id: ID!) { pauseEntraIntegration(id: $id) { id status nextSyncAt } }
`;
const RESUME = /* GraphQL */ `
  mutation Resume($id: ID!) { resumeEntraIntegration(id: $id) { id status nextSyncAt } }
`;

type Integration = { id: string; status: string; nextSyncAt: string | null; lastSync: { id: string; status: string; mode: string } };

let db: TestDatabase;
let ct: ConnectedTenant;

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 20, groups: 4 });
});
afterAll(async () => {
  await ct?.close();
  await db?.destroy();
});

async function integration(id: string, org: string): Promise<Integration> {
  const { body } = await ct.server.request(INTEGRATION_STATUS, { id }, { org });
  expect(body.errors).toBeUndefined();
  return (body.data as { entraIntegration: Integration }).entraIntegration;
}

async function mutate(operation: string, id: string, org: string) {
  const { body } = await ct.server.request(operation, { id }, { org });
  return body as { data?: Record<string, { status: string; nextSyncAt: string | null }> | null; errors?: any[] };
}

async function runCount(integrationId: string): Promise<number> {
  const [row] = await selectRows<{ n: number }>(db.db, sql`select count(*)::int as n from sync_runs where integration_id = ${integrationId}`);
  return row.n;
}

/** What the scheduler does on its next look, and waits for the runs it started. */
async function schedulerLooks(): Promise<void> {
  await ct.server.app.scheduler.tick();
  await ct.server.app.runner.drain();
}

describe("pausing an integration", () => {
  it("turns it DISABLED with no next sync, and the scheduler never syncs it", async () => {
    const { id } = await connectTenant(ct, "pause-schedule");
    const before = await integration(id, "pause-schedule");

    const { data, errors } = await mutate(PAUSE, id, "pause-schedule");
    expect(errors).toBeUndefined();
    expect(data!.pauseEntraIntegration).toMatchObject({ status: "DISABLED", nextSyncAt: null });

    // Without a next sync time it would be due at once, were it not paused.
    await schedulerLooks();
    const after = await integration(id, "pause-schedule");
    expect(after.status).toBe("DISABLED");
    expect(after.lastSync.id).toBe(before.lastSync.id);
  });

  it("refuses a manual sync with INTEGRATION_PAUSED, saying to resume it first, and records no run", async () => {
    const { id } = await connectTenant(ct, "pause-manual");
    await mutate(PAUSE, id, "pause-manual");
    const runs = await runCount(id);

    const { body } = await ct.server.request(SYNC_INTEGRATION, { id, mode: "FULL" }, { org: "pause-manual" });
    expect(body.data).toBeNull();
    expect(body.errors![0].extensions).toEqual({ code: "INTEGRATION_PAUSED" });
    expect(body.errors![0].message).toMatch(/paused: resume it first/);
    await ct.server.app.runner.drain();
    expect(await runCount(id)).toBe(runs);
    expect((await integration(id, "pause-manual")).status).toBe("DISABLED");
  });

  it("lets a run already going finish, and leaves the integration DISABLED", async () => {
    const { id } = await connectTenant(ct, "pause-running");
    // The run's first users page waits a second: long enough to pause it in flight.
    ct.emulator.faults.throttle(1, "1", { pathPrefix: "/v1.0/users/delta" });
    const throttledBefore = ct.emulator.requests.filter((r) => r.status === 429).length;
    const started = await ct.server.request(SYNC_INTEGRATION, { id, mode: "INCREMENTAL" }, { org: "pause-running" });
    expect(started.body.errors).toBeUndefined();
    await expect.poll(() => ct.emulator.requests.filter((r) => r.status === 429).length).toBe(throttledBefore + 1);

    const { data } = await mutate(PAUSE, id, "pause-running");
    expect(data!.pauseEntraIntegration.status).toBe("DISABLED");
    await ct.server.app.runner.drain();

    const after = await integration(id, "pause-running");
    expect(after.lastSync).toMatchObject({ mode: "INCREMENTAL", status: "SUCCEEDED" });
    expect(after).toMatchObject({ status: "DISABLED", nextSyncAt: null });
  });

  it("is for admins of the integration's organisation only", async () => {
    const { id } = await connectTenant(ct, "pause-owners");
    for (const operation of [PAUSE, RESUME]) {
      const viewer = await ct.server.request(operation, { id }, { org: "pause-owners", roles: ["viewer"] });
      expect(viewer.body.errors![0].extensions!.code).toBe("FORBIDDEN");
      expect((await mutate(operation, id, "pause-elsewhere")).errors![0].extensions!.code).toBe("FORBIDDEN");
      expect((await mutate(operation, randomUUID(), "pause-owners")).errors![0].extensions!.code).toBe("NOT_FOUND");
    }
    expect((await integration(id, "pause-owners")).status).toBe("CONNECTED");
  });
});

describe("resuming an integration", () => {
  it("makes it PENDING and due at once: the scheduler's next look syncs it", async () => {
    const { id } = await connectTenant(ct, "resume");
    await mutate(PAUSE, id, "resume");
    const paused = await integration(id, "resume");

    const { data, errors } = await mutate(RESUME, id, "resume");
    expect(errors).toBeUndefined();
    expect(data!.resumeEntraIntegration.status).toBe("PENDING");
    expect(Date.parse(data!.resumeEntraIntegration.nextSyncAt!)).toBeLessThanOrEqual(Date.now());

    await schedulerLooks();
    const after = await integration(id, "resume");
    expect(after.status).toBe("CONNECTED");
    expect(after.lastSync).toMatchObject({ mode: "INCREMENTAL", status: "SUCCEEDED" });
    expect(after.lastSync.id).not.toBe(paused.lastSync.id);
  });

  it("leaves an integration that is not paused as it is", async () => {
    const { id } = await connectTenant(ct, "resume-unpaused");
    const before = await integration(id, "resume-unpaused");
    const { data } = await mutate(RESUME, id, "resume-unpaused");
    expect(data!.resumeEntraIntegration).toEqual({ id, status: "CONNECTED", nextSyncAt: before.nextSyncAt });
  });
});
