// GET /metrics: what an operator's Prometheus scrapes after real traffic and a real sync.
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedContoso } from "../support/company.js";
import { connectTenant, startTenantAndServer, syncNow, type ConnectedTenant } from "../support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startTestServer } from "../support/server.js";
import { emailTrace } from "../support/trace-representation.js";

const ENRICHMENT = readFileSync(new URL("../operations/entities.graphql", import.meta.url), "utf8");


let db: TestDatabase;
let ct: ConnectedTenant;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedContoso(db.db, "contoso");
  ct = await startTenantAndServer(db, { users: 40, groups: 8, pageSize: 10 });
  // One throttled answer inside a JSON batch during the first sync: a principal's owners.
  const principal = ct.tenant.addServicePrincipal({ displayName: "Metrics Bot" });
  ct.emulator.faults.throttle(1, "0.05", { pathPrefix: `/v1.0/servicePrincipals/${principal.id}/` });
  const integration = await connectTenant(ct);
  // One throttled answer during an incremental sync, retried after Retry-After.
  ct.emulator.faults.throttle(1, "0.05");
  await syncNow(ct, integration.id);
  // One refusal during another, sent again with a token issued anew: a retry, but no throttling.
  ct.emulator.faults.unavailable(1, 403);
  await syncNow(ct, integration.id);
  const { body } = await ct.server.request(
    ENRICHMENT,
    { representations: [emailTrace("t1", "grace@contoso.com"), emailTrace("t2", "nobody@contoso.com"), emailTrace("t3", "ada@contoso.com")] },
    { org: "contoso", roles: [] },
  );
  expect(body.errors).toBeUndefined();
});
afterAll(async () => {
  await ct?.close();
  await db?.destroy();
});

async function scrape(): Promise<{ contentType: string | null; text: string }> {
  const response = await fetch(`${ct.server.url}/metrics`);
  expect(response.status).toBe(200);
  return { contentType: response.headers.get("content-type"), text: await response.text() };
}

/** The value of one sample, e.g. sample(text, 'identity_traces_total{result="resolved",method="EMAIL"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("GET /metrics", () => {
  it("answers in the Prometheus text format without a token", async () => {
    const { contentType, text } = await scrape();
    expect(contentType).toContain("text/plain");
    expect(text).toContain("# TYPE identity_sync_runs_total counter");
    expect(text).toContain("process_cpu_user_seconds_total");
  });

  it("counts finished sync runs, their durations and the rows they wrote", async () => {
    const { text } = await scrape();
    expect(sample(text, 'identity_sync_runs_total{status="SUCCEEDED",mode="FULL"}')).toBe(1);
    expect(sample(text, 'identity_sync_runs_total{status="SUCCEEDED",mode="INCREMENTAL"}')).toBe(2);
    expect(sample(text, 'identity_sync_duration_seconds_count{status="SUCCEEDED"}')).toBe(3);
    expect(sample(text, 'identity_sync_rows_written_total{kind="usersUpserted"}')).toBe(40);
    expect(sample(text, 'identity_sync_rows_written_total{kind="groupsUpserted"}')).toBe(8);
  });

  it("counts Graph requests by status, and the throttled retries, one inside a JSON batch included, a refusal sent again with a new token not", async () => {
    const { text } = await scrape();
    expect(sample(text, 'identity_graph_requests_total{status="200"}')).toBeGreaterThan(4);
    expect(sample(text, 'identity_graph_requests_total{status="429"}')).toBe(1);
    expect(sample(text, 'identity_graph_throttled_retries_total{status="429"}')).toBe(2);
    expect(sample(text, 'identity_graph_requests_total{status="403"}')).toBe(1);
    expect(sample(text, 'identity_graph_throttled_retries_total{status="403"}')).toBeUndefined();
  });

  it("counts each trace once as resolved by its method or unresolved, however many of its fields were asked", async () => {
    const { text } = await scrape();
    expect(sample(text, 'identity_traces_total{result="resolved",method="EMAIL"}')).toBe(2);
    expect(sample(text, 'identity_traces_total{result="unresolved",method="NONE"}')).toBe(1);
  });

  it("observes DataLoader batch sizes by loader: three traces' emails in one batch", async () => {
    const { text } = await scrape();
    expect(sample(text, 'identity_loader_batch_size_count{loader="userByEmail"}')).toBe(1);
    expect(sample(text, 'identity_loader_batch_size_sum{loader="userByEmail"}')).toBe(3);
  });

  it("has a series at 0 for each ending of a run before any run ends, so that a rule on successes can see none", async () => {
    const fresh = await startTestServer(db);
    try {
      const text = await (await fetch(`${fresh.url}/metrics`)).text();
      for (const status of ["SUCCEEDED", "FAILED", "INTERRUPTED"]) {
        for (const mode of ["FULL", "INCREMENTAL"]) expect(sample(text, `identity_sync_runs_total{status="${status}",mode="${mode}"}`)).toBe(0);
      }
    } finally {
      await fresh.close();
    }
  });

  it("answers a scrape the database cannot serve: identity_database_up 0, no freshness series, the counters all there", async () => {
    expect(sample((await scrape()).text, "identity_database_up")).toBe(1);
    await db.db.execute(sql`alter table integrations rename to integrations_aside`);
    try {
      const { text } = await scrape();
      expect(sample(text, "identity_database_up")).toBe(0);
      expect(text).not.toMatch(/^identity_integration_stale\{/m);
      expect(text).not.toMatch(/^identity_last_successful_sync_timestamp_seconds\{/m);
      expect(sample(text, 'identity_sync_runs_total{status="SUCCEEDED",mode="FULL"}')).toBe(1);
    } finally {
      await db.db.execute(sql`alter table integrations_aside rename to integrations`);
    }
    const { text } = await scrape();
    expect(sample(text, "identity_database_up")).toBe(1);
    expect(text).toMatch(/^identity_integration_stale\{integration_id="[^"]+",org="default"\} 0$/m);
  });

  it.skipIf(!process.env.DATABASE_URL)("answers in seconds while the integrations are locked, with identity_database_up 0 (PostgreSQL only: PGlite has no other session to lock them)", async () => {
    const other = postgres(db.url!, { max: 1, onnotice: () => {} });
    let unlock!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holding = other.begin(async (tx) => {
      await tx`lock table integrations in access exclusive mode`;
      locked();
      await new Promise<void>((resolve) => (unlock = resolve));
    });
    try {
      await isLocked;
      const { text } = await scrape();
      expect(sample(text, "identity_database_up")).toBe(0);
      expect(sample(text, 'identity_sync_runs_total{status="SUCCEEDED",mode="FULL"}')).toBe(1);
    } finally {
      unlock?.();
      await holding;
      await other.end();
    }
    expect(sample((await scrape()).text, "identity_database_up")).toBe(1);
  });

  it("times HTTP requests by route pattern, not by raw URL", async () => {
    await fetch(`${ct.server.url}/no-such-path-${Date.now()}`);
    const { text } = await scrape();
    expect(text).toMatch(/identity_http_request_duration_seconds_count\{method="POST",route="\/graphql",status_code="200"\} \d+/);
    expect(text).toMatch(/identity_http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 1/);
    expect(text).not.toContain("no-such-path");
  });
});
