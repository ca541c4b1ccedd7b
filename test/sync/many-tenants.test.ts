// Many tenants due at once: each replica runs at most SYNC_CONCURRENCY syncs and claims only what
// it has room for, other replicas take the rest, and the syncs never take the connections that
// answer GraphQL requests.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { selectRows } from "../../src/db/rows.js";
import { generateTenant } from "../emulator/generate.js";
import { startEntraEmulator, type EntraEmulator } from "../emulator/server.js";
import type { Tenant } from "../emulator/tenant.js";
import { ADD_INTEGRATION, ALL_PERMISSIONS, INTEGRATION_STATUS, startServerFor, SYNC_INTEGRATION } from "../support/connected-tenant.js";
import { createTestDatabase, type PoolOptions, type TestDatabase } from "../support/database.js";
import type { TestServer } from "../support/server.js";

// Skipped on PGlite, which is one connection inside one process: there are no second replica
// sharing its database, no pools to keep apart, no FOR UPDATE SKIP LOCKED between sessions and no
// read replica to route to.
const onPostgres = Boolean(process.env.DATABASE_URL);

const USER_BY_EMAIL = /* GraphQL */ `
  query UserByEmail($email: String!) { directoryUserByEmail(email: $email) { id displayName } }
`;

interface Company {
  tenant: Tenant;
  clientId: string;
  clientSecret: string;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function database(pools: PoolOptions = {}) {
  const db = await createTestDatabase(pools);
  cleanups.push(() => db.destroy());
  return db;
}

async function emulatorWith(companies: number): Promise<{ emulator: EntraEmulator; companies: Company[] }> {
  const emulator = await startEntraEmulator({ pageSize: 50 });
  cleanups.push(() => emulator.close());
  return {
    emulator,
    companies: Array.from({ length: companies }, (_, i) => {
      const tenant = emulator.addTenant({
        tenantId: randomUUID(),
        domains: [`company${i}.onmicrosoft.com`],
        directory: generateTenant({ seed: 11 + i, users: 20, groups: 4 }),
      });
      const clientId = randomUUID();
      const clientSecret = `Q7~${randomUUID()}`;
      tenant.registerApp({ clientId, secret: clientSecret, permissions: ALL_PERMISSIONS });
      return { tenant, clientId, clientSecret };
    }),
  };
}

async function replica(db: TestDatabase, emulator: EntraEmulator, env: NodeJS.ProcessEnv = {}): Promise<TestServer> {
  const server = await startServerFor(db, emulator, { env });
  cleanups.push(() => server.close());
  return server;
}

/** Adds each company as an admin does, and waits for the first syncs. */
async function connect(server: TestServer, companies: Company[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, { tenant, clientId, clientSecret }] of companies.entries()) {
    const input = { name: `Company ${i}`, tenantId: tenant.tenantId, clientId, clientSecret };
    const { body } = await server.request(ADD_INTEGRATION, { input });
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    ids.push((body.data as { addEntraIntegration: { id: string } }).addEntraIntegration.id);
    await server.app.runner.drain();
  }
  return ids;
}

/** Every integration falls due now, as after an outage or when many are added together. */
async function allDue(db: TestDatabase): Promise<void> {
  await db.db.execute(sql`update integrations set next_sync_at = now() - interval '1 minute'`);
}

async function count(db: TestDatabase, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await selectRows<{ n: number }>(db.db, query);
  return row.n;
}

const dueCount = (db: TestDatabase) => count(db, sql`select count(*)::int as n from integrations where next_sync_at <= now()`);
const runningCount = (db: TestDatabase) => count(db, sql`select count(*)::int as n from sync_runs where status = 'RUNNING'`);
const succeededRuns = (db: TestDatabase) => count(db, sql`select count(*)::int as n from sync_runs where status = 'SUCCEEDED'`);

/** Three connected companies, all due, and two replicas with SYNC_CONCURRENCY=1 on one database. */
async function threeDueOnTwoReplicas(pools: PoolOptions = {}) {
  const db = await database(pools);
  const { emulator, companies } = await emulatorWith(3);
  const first = await replica(db, emulator, { SYNC_CONCURRENCY: "1" });
  const second = await replica(db, emulator, { SYNC_CONCURRENCY: "1" });
  await connect(first, companies);
  await allDue(db);
  return { db, emulator, first, second };
}

/** Once both replicas' runs end, the first one's next look takes the integration left due, and every one has synced. */
async function theLastOneSynced(db: TestDatabase, first: TestServer, second: TestServer): Promise<void> {
  await Promise.all([first.app.runner.drain(), second.app.runner.drain()]);
  await first.app.scheduler.tick();
  await first.app.runner.drain();
  expect(await dueCount(db)).toBe(0);
  expect(await runningCount(db)).toBe(0);
  // Three first syncs, then one scheduled run of each.
  expect(await succeededRuns(db)).toBe(6);
}

describe("many tenants due at once", () => {
  it("a replica claims only as many due integrations as it has sync slots; the rest stay due for another replica", async () => {
    const { db, first, second } = await threeDueOnTwoReplicas();

    await first.app.scheduler.tick();
    expect(await dueCount(db)).toBe(2);
    await second.app.scheduler.tick();
    expect(await dueCount(db)).toBe(1);
    await theLastOneSynced(db, first, second);
  });

  it("keeps an integration claimed for as long as its run may go on (SYNC_RUN_TIMEOUT_MINUTES), never due meanwhile", async () => {
    const db = await database();
    const { emulator, companies } = await emulatorWith(1);
    const server = await replica(db, emulator, { SYNC_RUN_TIMEOUT_MINUTES: "180" });
    const [id] = await connect(server, companies);
    await allDue(db);
    const graph = emulator.faults.hold(1);
    await server.app.scheduler.tick();
    await graph.arrived(1);

    const { body } = await server.request(INTEGRATION_STATUS, { id });
    const shown = (body.data as { entraIntegration: { nextSyncAt: string; lastSync: { status: string } } }).entraIntegration;
    expect(shown.lastSync.status).toBe("RUNNING");
    expect(new Date(shown.nextSyncAt).getTime()).toBeGreaterThanOrEqual(Date.now() + 180 * 60_000);
    graph.release();
    await server.app.runner.drain();
  });

  it.skipIf(!onPostgres)("runs one sync at a time with SYNC_CONCURRENCY=1 while a second replica takes another", async () => {
    const { db, emulator, first, second } = await threeDueOnTwoReplicas({ syncConcurrency: 1 });
    const graph = emulator.faults.hold(3);

    await first.app.scheduler.tick();
    await graph.arrived(1);
    // Its one slot is taken: another look claims nothing, and two stay due.
    await first.app.scheduler.tick();
    expect(await runningCount(db)).toBe(1);
    expect(await dueCount(db)).toBe(2);

    await second.app.scheduler.tick();
    await graph.arrived(2);
    expect(await runningCount(db)).toBe(2);
    expect(await dueCount(db)).toBe(1);

    graph.release();
    await theLastOneSynced(db, first, second);
  });

  it.skipIf(!onPostgres)("an admin's sync starts at once beside the scheduled run holding every slot; a second admin's waits for a slot", async () => {
    const db = await database({ syncConcurrency: 1 });
    const { emulator, companies } = await emulatorWith(3);
    const server = await replica(db, emulator, { SYNC_CONCURRENCY: "1" });
    const [scheduled, first, second] = await connect(server, companies);
    await db.db.execute(sql`update integrations set next_sync_at = now() - interval '1 minute' where id = ${scheduled}`);
    const graph = emulator.faults.hold(3);
    await server.app.scheduler.tick();
    await graph.arrived(1);

    // The scheduled run holds the replica's one slot, waiting on Graph; the admin is answered.
    const { body } = await server.request(SYNC_INTEGRATION, { id: first, mode: "INCREMENTAL" });
    expect(body.errors).toBeUndefined();
    await graph.arrived(2);
    expect(await runningCount(db)).toBe(2);

    let secondAnswered = false;
    const secondAsked = server.request(SYNC_INTEGRATION, { id: second, mode: "INCREMENTAL" }).then((answer) => {
      secondAnswered = true;
      return answer;
    });
    // Both runs wait on Graph for as long as it is held: the second admin's cannot have a slot.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondAnswered).toBe(false);
    expect(await runningCount(db)).toBe(2);

    graph.release();
    expect((await secondAsked).body.errors).toBeUndefined();
    await server.app.runner.drain();

    // No RUNNING row waits for a slot (another replica would judge it dead): the second admin's run
    // began when one of the others had ended, and all three succeeded.
    const runs = await selectRows<{ integration_id: string; status: string; started_at: Date; finished_at: Date }>(
      db.db,
      sql`select distinct on (integration_id) integration_id, status, started_at, finished_at
          from sync_runs order by integration_id, started_at desc`,
    );
    const latest = new Map(runs.map((run) => [run.integration_id, run]));
    expect([scheduled, first, second].map((id) => latest.get(id)!.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    const firstEnd = Math.min(...[scheduled, first].map((id) => new Date(latest.get(id)!.finished_at).getTime()));
    expect(new Date(latest.get(second)!.started_at).getTime()).toBeGreaterThanOrEqual(firstEnd);
  });

  it.skipIf(!onPostgres)("answers GraphQL reads while SYNC_CONCURRENCY syncs hold their transactions", async () => {
    // One connection for GraphQL requests, two syncs: were they one pool, a read would wait for a run's end.
    const db = await database({ maxConnections: 1, syncConcurrency: 2 });
    const { emulator, companies } = await emulatorWith(3);
    const server = await replica(db, emulator, { SYNC_CONCURRENCY: "2", DATABASE_POOL_SIZE: "1" });
    await connect(server, companies);
    await allDue(db);
    const graph = emulator.faults.hold(3);
    await server.app.scheduler.tick();
    await graph.arrived(2);
    expect(await transactionsOpen(db)).toBe(2);

    const person = companies[0]!.tenant.users.find((user) => user.mail)!;
    const { body } = await server.request(USER_BY_EMAIL, { email: person.mail });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ directoryUserByEmail: { id: person.id, displayName: person.displayName } });
    expect(await transactionsOpen(db)).toBe(2);

    graph.release();
    await server.app.runner.drain();
  });
});

/** Sessions of this database inside a transaction that has written nothing to answer yet (a sync waiting on Graph). */
function transactionsOpen(db: TestDatabase): Promise<number> {
  return count(
    db,
    sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'idle in transaction'`,
  );
}

describe.skipIf(!onPostgres)("a read replica (DATABASE_READ_URL)", () => {
  it("answers GraphQL queries from the replica, while mutations and syncs write the primary", async () => {
    // A stand-in for a replica that has not caught up: a database synced before the tenant changed.
    const replicaDb = await database();
    const { emulator, companies } = await emulatorWith(1);
    const company = companies[0]!;
    const [replicaIntegration] = await connect(await replica(replicaDb, emulator), companies);
    const person = company.tenant.users.find((user) => user.mail)!;
    const renamed = `${person.displayName} (renamed)`;
    company.tenant.updateUser(person.id, { displayName: renamed });

    const primary = await database({ readUrl: replicaDb.url });
    const server = await replica(primary, emulator);
    const [primaryIntegration] = await connect(server, companies);
    const [synced] = await selectRows<{ display_name: string }>(
      primary.db,
      sql`select display_name from directory_users where id = ${person.id}`,
    );
    expect(synced!.display_name).toBe(renamed);

    const { body: read } = await server.request(USER_BY_EMAIL, { email: person.mail });
    expect(read.data).toEqual({ directoryUserByEmail: { id: person.id, displayName: person.displayName } });
    const { body: listed } = await server.request(/* GraphQL */ `{ entraIntegrations { id } }`);
    expect(listed.data).toEqual({ entraIntegrations: [{ id: replicaIntegration }] });

    // A mutation runs on the primary, reads of its result included.
    const { body: paused } = await server.request(
      /* GraphQL */ `mutation Pause($id: ID!) { pauseEntraIntegration(id: $id) { id status lastSync { status } } }`,
      { id: primaryIntegration },
    );
    expect(paused.errors).toBeUndefined();
    expect(paused.data).toEqual({ pauseEntraIntegration: { id: primaryIntegration, status: "DISABLED", lastSync: { status: "SUCCEEDED" } } });
    const { body: onReplica } = await server.request(INTEGRATION_STATUS, { id: primaryIntegration });
    expect(onReplica.data).toEqual({ entraIntegration: null });
  });
});
