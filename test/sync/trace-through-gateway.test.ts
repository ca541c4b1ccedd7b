// End to end: a tenant connected through the admin mutation, traces from the traces subgraph,
// a real federation gateway in front; a move in Entra shows on traces after the next sync.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTracesSubgraph } from "../fixtures/traces-subgraph.js";
import { connectTenant, startTenantAndServer, syncNow, type ConnectedTenant } from "../support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startGateway } from "../support/gateway.js";
import { post } from "../support/server.js";
import type { User } from "../emulator/types.js";

const ENRICHED_TRACES = readFileSync(new URL("../operations/gateway.graphql", import.meta.url), "utf8");

type EnrichedTrace = {
  id: string;
  user: { displayName: string; department: { name: string } | null; manager: { displayName: string } | null } | null;
};

let db: TestDatabase;
let ct: ConnectedTenant;
let mover: User;
let newManager: User;
let integrationId: string;
let tracesSubgraph: Awaited<ReturnType<typeof startTracesSubgraph>>;
let gateway: Awaited<ReturnType<typeof startGateway>>;

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 60, groups: 8 });
  mover = ct.tenant.users.find((u) => u.mail !== null && u.department !== null && u.managerId !== null)!;
  newManager = ct.tenant.users.find((u) => u.id !== mover.id && u.id !== mover.managerId && u.userType === "Member")!;
  integrationId = (await connectTenant(ct)).id;
  // The platform records traces with whatever address the caller used: here upper-cased.
  tracesSubgraph = await startTracesSubgraph([
    { id: "trace-1", userEmail: mover.mail!.toUpperCase(), apiKeyId: null, sessionId: null, model: "gpt-4o" },
  ]);
  gateway = await startGateway(`${ct.server.url}/graphql`, tracesSubgraph.url);
});
afterAll(async () => {
  await gateway?.close();
  await tracesSubgraph?.close();
  await ct?.close();
  await db?.destroy();
});

async function traceThroughGateway(): Promise<EnrichedTrace> {
  const response = await post(gateway.url, ENRICHED_TRACES, { first: 1 }, await ct.server.token({ roles: [] }));
  const body = (await response.json()) as { data: { traces: EnrichedTrace[] }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data.traces[0]!;
}

describe("traces through the gateway", () => {
  it("show the new department and manager after the person moves in Entra and a sync runs", async () => {
    const manager = ct.tenant.user(mover.managerId!)!;
    expect((await traceThroughGateway()).user).toMatchObject({
      displayName: mover.displayName,
      department: { name: mover.department },
      manager: { displayName: manager.displayName },
    });

    const department = `${mover.department} Platform`;
    ct.tenant.updateUser(mover.id, { department });
    ct.tenant.setManager(mover.id, newManager.id);
    // Not before the sync: traces read the mirror, not Graph.
    expect((await traceThroughGateway()).user!.department).toEqual({ name: mover.department });

    expect((await syncNow(ct, integrationId)).lastSync).toMatchObject({ status: "SUCCEEDED" });

    expect((await traceThroughGateway()).user).toMatchObject({
      displayName: mover.displayName,
      department: { name: department },
      manager: { displayName: newManager.displayName },
    });
  });
});
