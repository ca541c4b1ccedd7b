// Rotating SECRETS_KEY without asking any tenant's admin for their credential again, and with no
// sync failing meanwhile (docs/operations.md): replicas that open what either key seals, then
// `identity-subgraph reseal` once every replica seals with the new key, then the old key goes.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integrations } from "../src/db/schema.js";
import { resealCredentials } from "../src/integrations/reseal.js";
import { unseal } from "../src/integrations/secrets.js";
import { connectTenant, startServerFor, startTenant, syncNow, type EmulatedTenant } from "./support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { TEST_SECRETS_KEY, type TestServer } from "./support/server.js";

const OLD_KEY = Buffer.from(TEST_SECRETS_KEY, "base64");
const NEW_KEY = randomBytes(32);
const NEW = NEW_KEY.toString("base64");

let db: TestDatabase;
let tenant: EmulatedTenant;
let integrationId: string;
const servers: TestServer[] = [];

async function serve(env: Record<string, string>): Promise<EmulatedTenant & { server: TestServer }> {
  const server = await startServerFor(db, tenant.emulator, { env });
  servers.push(server);
  return { ...tenant, server };
}

async function sealed(): Promise<string> {
  const [row] = await db.db.select({ sealed: integrations.sealedCredential }).from(integrations).where(eq(integrations.id, integrationId));
  return row!.sealed;
}

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await startTenant({ users: 12, groups: 2 });
  // Connected, its credential sealed, under the key in use until now.
  integrationId = (await connectTenant(await serve({}))).id;
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await tenant?.emulator.close();
  await db?.destroy();
});

describe("a rotation of SECRETS_KEY", () => {
  it("syncs on replicas of both steps, and none of them reseals by itself", async () => {
    const before = await sealed();
    const stepOne = await serve({ SECRETS_KEY: TEST_SECRETS_KEY, SECRETS_KEY_PREVIOUS: NEW });
    const stepTwo = await serve({ SECRETS_KEY: NEW, SECRETS_KEY_PREVIOUS: TEST_SECRETS_KEY });
    expect((await syncNow(stepOne, integrationId)).lastSync).toMatchObject({ status: "SUCCEEDED" });
    expect((await syncNow(stepTwo, integrationId)).lastSync).toMatchObject({ status: "SUCCEEDED" });
    // A replica on the first step's settings, resealing by itself, would seal back under the old key.
    expect(await sealed()).toBe(before);
  });

  it("seals every credential under the new key on reseal, after which the new key alone syncs", async () => {
    expect(await resealCredentials(db.db, { current: NEW_KEY, previous: [OLD_KEY] })).toEqual({ resealed: 1, unreadable: [], underPrevious: [] });
    const resealed = await sealed();
    expect(unseal(resealed, NEW_KEY).plain).toContain("CLIENT_SECRET");
    expect(() => unseal(resealed, OLD_KEY)).toThrow(/SECRETS_KEY differs/);
    const after = await serve({ SECRETS_KEY: NEW });
    expect((await syncNow(after, integrationId)).lastSync).toMatchObject({ status: "SUCCEEDED" });
  });
});
