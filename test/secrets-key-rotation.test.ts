// Rotating SECRETS_KEY without asking any tenant's admin for their credential again: replicas
// started with the new key, and the old one in SECRETS_KEY_PREVIOUS, seal every credential anew
// (the first to start does it; `identity-subgraph reseal` does it on demand) and sync meanwhile;
// then the old key may go.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integrations } from "../src/db/schema.js";
import { unseal } from "../src/integrations/secrets.js";
import { connectTenant, startServerFor, startTenant, syncNow, type EmulatedTenant } from "./support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { TEST_SECRETS_KEY, type TestServer } from "./support/server.js";

const OLD_KEY = Buffer.from(TEST_SECRETS_KEY, "base64");
const NEW_KEY = randomBytes(32);

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
  it("seals the credentials anew when a replica starts with the new key and the old one as previous, and syncs on", async () => {
    expect(unseal(await sealed(), OLD_KEY).plain).toContain("CLIENT_SECRET");
    const rotated = await serve({ SECRETS_KEY: NEW_KEY.toString("base64"), SECRETS_KEY_PREVIOUS: TEST_SECRETS_KEY });
    const resealed = await sealed();
    expect(unseal(resealed, NEW_KEY).plain).toContain("CLIENT_SECRET");
    expect(() => unseal(resealed, OLD_KEY)).toThrow(/SECRETS_KEY differs/);
    expect((await syncNow(rotated, integrationId)).lastSync).toMatchObject({ status: "SUCCEEDED" });
  });

  it("syncs with the new key alone once the old one is let go", async () => {
    const after = await serve({ SECRETS_KEY: NEW_KEY.toString("base64") });
    expect((await syncNow(after, integrationId)).lastSync).toMatchObject({ status: "SUCCEEDED" });
  });
});
