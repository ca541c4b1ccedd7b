// Runs whose process is gone: any live replica closes them INTERRUPTED, at its start and on its
// scheduler's tick, and their integration falls due at once. A run of a live process is never
// closed, a run refused because another was going is never an integration's last run, and a new
// integration is not due while its first sync runs.
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncRuns } from "../../src/db/schema.js";
import { insertRun } from "../../src/integrations/runs.js";
import { runStarted } from "../../src/integrations/status.js";
import { buildOnce, REPOSITORY } from "../support/build.js";
import {
  ADD_INTEGRATION,
  connectTenant,
  INTEGRATION_STATUS,
  startServerFor,
  startTenantAndServer,
  SYNC_INTEGRATION,
  type ConnectedTenant,
} from "../support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { TEST_SECRETS_KEY, type TestServer } from "../support/server.js";

type Integration = {
  status: string;
  nextSyncAt: string | null;
  lastSync: { id: string; mode: string; status: string; error: { code: string; message: string; hint: string } | null };
};

let db: TestDatabase;
let ct: ConnectedTenant;
const replicas: TestServer[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 30, groups: 5, pageSize: 10, seed: 41 });
});
afterAll(async () => {
  for (const replica of replicas) await replica.close();
  await ct?.close();
  await db?.destroy();
});

/** Another replica on the same database: judges other processes' runs however young they are. */
async function startReplica(env: NodeJS.ProcessEnv = {}): Promise<TestServer> {
  const replica = await startServerFor(db, ct.emulator, { deadRunGraceMs: 0, env });
  replicas.push(replica);
  return replica;
}

async function integrationOn(server: TestServer, id: string, org: string): Promise<Integration> {
  const { body } = await server.request(INTEGRATION_STATUS, { id }, { org });
  expect(body.errors).toBeUndefined();
  return (body.data as { entraIntegration: Integration }).entraIntegration;
}

async function runStatus(runId: string): Promise<string | undefined> {
  const [run] = await db.db.select({ status: syncRuns.status }).from(syncRuns).where(eq(syncRuns.id, runId));
  return run?.status;
}

async function runsOf(integrationId: string) {
  return db.db.select().from(syncRuns).where(eq(syncRuns.integrationId, integrationId));
}

describe("a run whose replica died", () => {
  it("is closed INTERRUPTED by a replica at its start, and its integration is due at once", async () => {
    const { id } = await connectTenant(ct, "dead-at-start");
    // What a replica killed in the middle of a run leaves behind: the run RUNNING, the integration SYNCING.
    const dead = await insertRun(db.db, id, "INCREMENTAL");
    await runStarted(db.db, id, 120);

    // A replica that judges only rows older than the start grace leaves a run this young alone.
    await ct.server.app.scheduler.tick();
    expect(await runStatus(dead.id)).toBe("RUNNING");

    const replica = await startReplica();
    const integration = await integrationOn(replica, id, "dead-at-start");
    expect(integration.lastSync).toMatchObject({ id: dead.id, status: "INTERRUPTED", error: { code: "INTERRUPTED" } });
    expect(integration.lastSync.error!.hint).toMatch(/due again at once/);
    expect(integration.status).toBe("PENDING");
    expect(Date.parse(integration.nextSyncAt!)).toBeLessThanOrEqual(Date.now());

    await replica.app.scheduler.tick();
    await replica.app.runner.drain();
    const after = await integrationOn(replica, id, "dead-at-start");
    expect(after).toMatchObject({ status: "CONNECTED", lastSync: { status: "SUCCEEDED" } });
  });

  // PostgreSQL only: the killed sync is another process on the same database, which PGlite's
  // one-process data directory cannot have.
  it.runIf(Boolean(process.env.DATABASE_URL))(
    "killed with SIGKILL mid-sync, is closed INTERRUPTED on a live replica's tick, and synced again at once",
    async () => {
      await buildOnce();
      const { id } = await connectTenant(ct, "killed");
      const replica = await startReplica();
      ct.tenant.randomChanges(3, 10);
      // The killed process's run hangs on a Graph request, its transaction open and its lock held.
      ct.emulator.faults.hang(1, { pathPrefix: "/v1.0/users/delta" });
      const child = spawn(process.execPath, [path.join(REPOSITORY, "dist/src/cli/main.js"), "sync", id], {
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          SECRETS_KEY: TEST_SECRETS_KEY,
          ENTRA_AUTHORITY_HOST: ct.emulator.url,
          GRAPH_BASE_URL: ct.emulator.url,
          GRAPH_HEADERS_TIMEOUT_SECONDS: "600",
          LOG_LEVEL: "silent",
        },
        stdio: "ignore",
      });
      const exited = once(child, "exit");
      await expect.poll(() => ct.emulator.faults.pending(), { timeout: 30_000 }).toBe(0);
      const [childRun] = (await runsOf(id)).filter((run) => run.status === "RUNNING");
      expect(childRun).toBeDefined();

      // Alive: its lock is held, so no replica closes it.
      await replica.app.runner.closeDeadRuns();
      expect(await runStatus(childRun!.id)).toBe("RUNNING");

      child.kill("SIGKILL");
      await exited;
      // PostgreSQL ends the killed process's session (and frees its lock) as soon as it sees the socket close.
      await expect
        .poll(
          async () => {
            await replica.app.scheduler.tick();
            await replica.app.runner.drain();
            return runStatus(childRun!.id);
          },
          { timeout: 20_000 },
        )
        .toBe("INTERRUPTED");
      // Due at once, not an interval or an hour's claim later: the same tick synced it again.
      const after = await integrationOn(replica, id, "killed");
      expect(after.status).toBe("CONNECTED");
      expect(after.lastSync).toMatchObject({ status: "SUCCEEDED", mode: "INCREMENTAL" });
      expect(after.lastSync.id).not.toBe(childRun!.id);
    },
  );
});

describe("two replicas at once", () => {
  it("never shows a new integration's first sync refused by another replica as its last run", async () => {
    // The first sync's first users page hangs for a second (the adding replica's Graph deadline),
    // while the other replica's scheduler looks for due integrations.
    const adding = await startReplica({ GRAPH_HEADERS_TIMEOUT_SECONDS: "1" });
    const other = await startReplica();
    ct.emulator.faults.hang(1, { pathPrefix: "/v1.0/users/delta" });
    const { body } = await adding.request(
      ADD_INTEGRATION,
      { input: { name: "New tenant", tenantId: ct.tenant.tenantId, clientId: ct.clientId, clientSecret: ct.clientSecret } },
      { org: "first-sync" },
    );
    expect(body.errors).toBeUndefined();
    const { id } = (body.data as { addEntraIntegration: { id: string } }).addEntraIntegration;

    await other.app.scheduler.tick();
    await Promise.all([adding.app.runner.drain(), other.app.runner.drain()]);

    const runs = await runsOf(id);
    expect(runs.map((run) => [run.mode, run.status])).toEqual([["FULL", "SUCCEEDED"]]);
    expect(await integrationOn(other, id, "first-sync")).toMatchObject({ status: "CONNECTED", lastSync: { mode: "FULL", status: "SUCCEEDED" } });
  });

  // PostgreSQL only: a refusal needs two replicas' runs to overlap, each on its own connection;
  // replicas sharing PGlite share its one connection, so the second run waits instead.
  it.runIf(Boolean(process.env.DATABASE_URL))(
    "keeps a sync refused because another replica's is going out of lastSync",
    async () => {
      const { id } = await connectTenant(ct, "refused");
      const slow = await startReplica({ GRAPH_HEADERS_TIMEOUT_SECONDS: "1" });
      const other = await startReplica();
      ct.emulator.faults.hang(1, { pathPrefix: "/v1.0/users/delta" });
      const going = await slow.request(SYNC_INTEGRATION, { id, mode: "INCREMENTAL" }, { org: "refused" });
      expect(going.body.errors).toBeUndefined();
      await expect.poll(() => ct.emulator.faults.pending(), { timeout: 10_000 }).toBe(0);

      const refused = await other.request(SYNC_INTEGRATION, { id, mode: "FULL" }, { org: "refused" });
      expect(refused.body.errors).toBeUndefined();
      await other.app.runner.drain();
      const refusedRun = (await runsOf(id)).find((run) => run.error?.code === "SYNC_IN_PROGRESS");
      expect(refusedRun).toMatchObject({ mode: "FULL", status: "FAILED" });

      const during = await integrationOn(other, id, "refused");
      expect(during).toMatchObject({ status: "SYNCING", lastSync: { mode: "INCREMENTAL", status: "RUNNING" } });
      await slow.app.runner.drain();
      const after = await integrationOn(other, id, "refused");
      expect(after).toMatchObject({ status: "CONNECTED", lastSync: { mode: "INCREMENTAL", status: "SUCCEEDED" } });
    },
  );
});
