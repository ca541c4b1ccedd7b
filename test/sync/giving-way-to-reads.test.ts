// Syncs give way to reads: after each page of its own writes, a run rests SYNC_REST_RATIO times
// as long as this replica had reads in flight while the page was written, so that trace
// enrichment keeps the CPU and the database while syncs run beside it. A run that nobody reads
// beside never rests.
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { ReadActivity } from "../../src/db/read-activity.js";
import { paceAgainstReads } from "../../src/integrations/sync-pace.js";
import { connectTenant, startTenantAndServer, syncNow, type ConnectedTenant } from "../support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/** A read held open for `ms`, as a GraphQL query holds its lease until it answers. */
async function readFor(activity: ReadActivity, ms: number): Promise<void> {
  const lease = await activity.counting(async () => ({ db: null, release: () => {} }))();
  await sleep(ms);
  lease.release();
}

describe("a page's rest", () => {
  it("is the ratio times how long reads were in flight while the page was written", async () => {
    const reads = new ReadActivity();
    const rests: number[] = [];
    const pace = paceAgainstReads({ reads, restRatio: 3, signal: new AbortController().signal, rested: (ms) => rests.push(ms) });

    const started = performance.now();
    // A 120 ms page, beside a read for its first 40 ms only.
    const answer = await pace(async () => {
      await Promise.all([readFor(reads, 40), sleep(120)]);
      return "written";
    });
    const elapsed = performance.now() - started;

    expect(answer).toBe("written");
    expect(rests).toHaveLength(1);
    expect(rests[0]).toBeGreaterThanOrEqual(3 * 39);
    expect(rests[0]).toBeLessThan(3 * 80);
    expect(elapsed).toBeGreaterThanOrEqual(120 + rests[0]! - 1);
  });

  it("is nothing when no read was in flight, and nothing with a ratio of 0", async () => {
    const reads = new ReadActivity();
    const rests: number[] = [];
    const signal = new AbortController().signal;
    await paceAgainstReads({ reads, restRatio: 3, signal, rested: (ms) => rests.push(ms) })(() => sleep(30));
    await readFor(reads, 20);
    await paceAgainstReads({ reads, restRatio: 0, signal, rested: (ms) => rests.push(ms) })(() =>
      Promise.all([readFor(reads, 30), sleep(30)]),
    );
    expect(rests).toEqual([]);
  });

  it("ends when the run is stopped, failing the run rather than holding it", async () => {
    const reads = new ReadActivity();
    const stop = new AbortController();
    const pace = paceAgainstReads({ reads, restRatio: 1000, signal: stop.signal });
    const page = pace(() => Promise.all([readFor(reads, 30), sleep(30)]));
    setTimeout(() => stop.abort(new Error("The sync ran past SYNC_RUN_TIMEOUT_MINUTES")), 60);
    const started = performance.now();
    await expect(page).rejects.toThrow();
    // A 30 s rest, cut short by the stop.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("a sync beside reads", () => {
  let db: TestDatabase;
  let ct: ConnectedTenant;
  afterEach(async () => {
    await ct?.close();
    await db?.destroy();
  });

  const restSeconds = async () => {
    const text = await (await fetch(`${ct.server.url}/metrics`)).text();
    const line = text.split("\n").find((l) => l.startsWith("identity_sync_rest_seconds_total "));
    return Number(line?.split(" ")[1]);
  };

  async function fullSyncBesideARead(env: NodeJS.ProcessEnv) {
    db = await createTestDatabase();
    ct = await startTenantAndServer(db, { users: 200, groups: 20, pageSize: 50, env });
    const { id } = await connectTenant(ct);
    // A query in flight for the whole run: what a replica answering traces all along looks like.
    const lease = await ct.server.app.database.leaseReads();
    try {
      return await syncNow(ct, id, "FULL");
    } finally {
      lease.release();
    }
  }

  it("rests after its pages, succeeds, and /metrics tells how long it rested", async () => {
    const integration = await fullSyncBesideARead({ SYNC_REST_RATIO: "1" });
    expect(integration.lastSync).toMatchObject({ mode: "FULL", status: "SUCCEEDED" });
    expect(await restSeconds()).toBeGreaterThan(0);
  });

  it("never rests with SYNC_REST_RATIO=0", async () => {
    const integration = await fullSyncBesideARead({ SYNC_REST_RATIO: "0" });
    expect(integration.lastSync).toMatchObject({ mode: "FULL", status: "SUCCEEDED" });
    expect(await restSeconds()).toBe(0);
  });
});
