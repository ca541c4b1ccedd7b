// Graceful shutdown: a running sync is waited for within the grace period, and abandoned past
// it, where its one transaction rolls back and leaves the mirror as it was.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { count } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { startApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/client.js";
import { directoryUsers, syncRuns } from "../../src/db/schema.js";
import { createLogger } from "../../src/logger.js";
import { generateTenant } from "../emulator/generate.js";
import { startEntraEmulator, type EntraEmulator } from "../emulator/server.js";
import { ALL_PERMISSIONS } from "../support/connected-tenant.js";
import { TEST_JWT_SECRET, TEST_SECRETS_KEY } from "../support/server.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An emulated tenant whose first users page is throttled for `seconds`: a sync that takes that long. */
async function slowTenant(seconds: number): Promise<{ emulator: EntraEmulator; input: Record<string, string> }> {
  const emulator = await startEntraEmulator({ pageSize: 10 });
  cleanups.push(() => emulator.close());
  const tenant = emulator.addTenant({ tenantId: randomUUID(), directory: generateTenant({ seed: 3, users: 30, groups: 5 }) });
  const clientId = randomUUID();
  const secret = `Q7~${randomUUID()}`;
  tenant.registerApp({ clientId, secret, permissions: ALL_PERMISSIONS, adminConsent: true });
  emulator.faults.throttle(1, String(seconds), { pathPrefix: "/v1.0/users/delta" });
  return { emulator, input: { name: "Slow tenant", tenantId: tenant.tenantId, clientId, clientSecret: secret } };
}

/** Our app on its own embedded database in a temporary DATA_DIR, as `npm start` runs it. */
async function startOwnApp(emulatorUrl: string, graceSeconds: number) {
  const dataDir = await mkdtemp(path.join(tmpdir(), "identity-shutdown-"));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: "0",
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    SECRETS_KEY: TEST_SECRETS_KEY,
    ENTRA_AUTHORITY_HOST: emulatorUrl,
    GRAPH_BASE_URL: emulatorUrl,
    SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
  });
  const app = await startApp({ config, log: createLogger({ level: "silent" }), schedulerTickMs: 0 });
  return { app, dataDir };
}

/**
 * Adds the integration (its first sync starts) and returns once the sync waits on its throttled
 * page. Not through HTTP: the embedded database has one connection, which the sync's transaction
 * holds, so the mutation's own answer would wait for the whole sync.
 */
async function addIntegrationUntilSyncing(app: App, emulator: EntraEmulator, input: Record<string, string>): Promise<void> {
  const adding = app.integrations.add("default", input as never);
  // Abandoned with its sync, or answered after it: either way not this test's business.
  adding.catch(() => undefined);
  await expect
    .poll(() => emulator.requests.some((r) => r.path === "/v1.0/users/delta" && r.status === 429), { timeout: 10_000 })
    .toBe(true);
}

async function reopen(dataDir: string) {
  const database = await openDatabase({ databaseUrl: undefined, dataDir: path.join(dataDir, "pglite") });
  cleanups.push(() => database.close());
  const runs = await database.db.select({ status: syncRuns.status, error: syncRuns.error }).from(syncRuns);
  const [users] = await database.db.select({ n: count() }).from(directoryUsers);
  return { runs: runs.map((r) => (r.error ? { status: r.status, code: r.error.code } : r.status)), users: users?.n ?? 0 };
}

describe("graceful shutdown", () => {
  it("waits for a running sync to finish within the grace period, then closes the database", async () => {
    const { emulator, input } = await slowTenant(1);
    const { app, dataDir } = await startOwnApp(emulator.url, 30);
    await addIntegrationUntilSyncing(app, emulator, input);

    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);

    const after = await reopen(dataDir);
    expect(after.runs).toEqual(["SUCCEEDED"]);
    expect(after.users).toBe(30);
  });

  it("abandons a sync that outlasts the grace period: its transaction rolls back, nothing half-written", async () => {
    const { emulator, input } = await slowTenant(5);
    const { app, dataDir } = await startOwnApp(emulator.url, 0.2);
    await addIntegrationUntilSyncing(app, emulator, input);

    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(4_000);

    const after = await reopen(dataDir);
    expect(after.runs).toEqual([{ status: "INTERRUPTED", code: "INTERRUPTED" }]);
    expect(after.users).toBe(0);
  });

  it("stops taking HTTP requests once closed", async () => {
    const { emulator } = await slowTenant(0);
    const { app } = await startOwnApp(emulator.url, 1);
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
    await app.close();
    await expect(fetch(`${app.url}/health`)).rejects.toThrow();
  });
});
