// The sync's central promise: after the first full sync, and after every incremental sync that
// follows a burst of directory changes, the mirror is the tenant: users, fields, managers,
// tombstones, addresses, groups, memberships, the transitive closure and role assignments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectTenant,
  INTEGRATION_STATUS,
  startTenantAndServer,
  syncNow,
  type ConnectedTenant,
} from "../support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { expectMirrorEqualsTenant, userIdsOf } from "./expect-mirror.js";

// Hundreds of users in pages of 25, and groups of ~100 members split 20 to an item, so every
// round crosses many pages and every big member list arrives in parts across them.
const USERS = 300;
const GROUPS = 30;
const PAGE_SIZE = 25;
const ROUNDS = 5;
const CHANGES_PER_ROUND = 40;

type Run = {
  id: string;
  mode: string;
  status: string;
  usersUpserted: number;
  usersRemoved: number;
  groupsUpserted: number;
  groupsRemoved: number;
  membershipsChanged: number;
  graphRequests: number;
  error: { code: string; message: string } | null;
};

let db: TestDatabase;
let ct: ConnectedTenant;
let integrationId: string;
let fullRun: Run;
/** Users the mirror has held at any check: only those can leave a tombstone behind. */
const everSynced = new Set<string>();

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: USERS, groups: GROUPS, pageSize: PAGE_SIZE, seed: 20_240_611 });
});
afterAll(async () => {
  await ct?.close();
  await db?.destroy();
});

async function lastSync(): Promise<Run> {
  const { body } = await ct.server.request(INTEGRATION_STATUS, { id: integrationId });
  expect(body.errors).toBeUndefined();
  return (body.data as { entraIntegration: { lastSync: Run } }).entraIntegration.lastSync;
}

async function expectMirrorEqualsTenantNow() {
  const snapshot = await expectMirrorEqualsTenant(db.db, integrationId, ct.tenant, { everSynced });
  for (const id of userIdsOf(snapshot)) everSynced.add(id);
}

describe("the mirror follows the tenant", () => {
  it("equals the tenant after the first full sync, which counted every user and group once", async () => {
    expect(ct.tenant.groups.some((group) => group.members.length > 2 * PAGE_SIZE)).toBe(true);
    integrationId = (await connectTenant(ct)).id;
    await expectMirrorEqualsTenantNow();

    fullRun = await lastSync();
    expect(fullRun).toMatchObject({
      mode: "FULL",
      status: "SUCCEEDED",
      error: null,
      usersUpserted: ct.tenant.users.length,
      usersRemoved: 0,
      groupsUpserted: ct.tenant.groups.length,
      groupsRemoved: 0,
      membershipsChanged: ct.tenant.groups.reduce((sum, group) => sum + group.members.length, 0),
    });
    // At least one request per page of users, plus the groups round and the roles.
    expect(fullRun.graphRequests).toBeGreaterThan(USERS / PAGE_SIZE);
  });

  for (let round = 1; round <= ROUNDS; round++) {
    it(`equals the tenant after random changes and incremental sync ${round} of ${ROUNDS}`, async () => {
      const changesBefore = ct.tenant.changes.length;
      ct.tenant.randomChanges(round * 7_919, CHANGES_PER_ROUND);
      const changed = ct.tenant.changes.slice(changesBefore);
      const changedUsers = new Set(changed.filter((c) => c.kind === "user").map((c) => c.id));
      const changedGroups = new Set(changed.filter((c) => c.kind === "group").map((c) => c.id));

      const integration = await syncNow(ct, integrationId);
      expect(integration.status).toBe("CONNECTED");
      await expectMirrorEqualsTenantNow();

      const run: Run = integration.lastSync;
      expect(run).toMatchObject({ mode: "INCREMENTAL", status: "SUCCEEDED", error: null });
      expect(run.id).not.toBe(fullRun.id);
      // Only what changed is read and written.
      expect(run.usersUpserted + run.usersRemoved).toBeLessThanOrEqual(changedUsers.size);
      expect(run.groupsUpserted + run.groupsRemoved).toBeLessThanOrEqual(changedGroups.size);
      expect(run.usersUpserted + run.usersRemoved + run.groupsUpserted + run.membershipsChanged).toBeGreaterThan(0);
      expect(run.graphRequests).toBeLessThan(fullRun.graphRequests / 2);
    });
  }

  it("equals the tenant when Graph sends a group once per change of its members, one added and taken away again included", async () => {
    const { tenant } = ct;
    const group = tenant.groups.find((g) => g.members.filter((id) => tenant.user(id)).length > 0)!;
    const insider = group.members.find((id) => tenant.user(id))!;
    const [passing, returning] = tenant.users.filter((user) => !group.members.includes(user.id));
    tenant.deltaRepeatsChanges = true;
    try {
      tenant.addMember(group.id, passing!.id);
      tenant.removeMember(group.id, passing!.id);
      tenant.addMember(group.id, returning!.id);
      tenant.removeMember(group.id, returning!.id);
      tenant.addMember(group.id, returning!.id);
      tenant.removeMember(group.id, insider);
      tenant.addMember(group.id, insider);
      const integration = await syncNow(ct, integrationId);
      expect(integration.lastSync).toMatchObject({ mode: "INCREMENTAL", status: "SUCCEEDED" });
      await expectMirrorEqualsTenantNow();
    } finally {
      tenant.deltaRepeatsChanges = false;
    }
  });

  it("changes nothing when a sync finds no changes", async () => {
    const run: Run = (await syncNow(ct, integrationId)).lastSync;
    expect(run).toMatchObject({
      status: "SUCCEEDED",
      usersUpserted: 0,
      usersRemoved: 0,
      groupsUpserted: 0,
      groupsRemoved: 0,
      membershipsChanged: 0,
    });
    await expectMirrorEqualsTenantNow();
  });

  it("equals the tenant after an asked-for full sync over an existing mirror, soft- and hard-deleted users told apart", async () => {
    ct.tenant.randomChanges(424_242, CHANGES_PER_ROUND);
    // Synced people deleted both ways, which a full round sees only as missing.
    const [soft, hard] = ct.tenant.users.filter((user) => everSynced.has(user.id)).slice(-2);
    ct.tenant.softDeleteUser(soft!.id);
    ct.tenant.hardDeleteUser(hard!.id);
    const integration = await syncNow(ct, integrationId, "FULL");
    expect(integration.lastSync).toMatchObject({ mode: "FULL", status: "SUCCEEDED" });
    await expectMirrorEqualsTenantNow();
  });

  it("keeps each person's manager through a full sync that lists people twice, the manager in one listing only", async () => {
    expect(ct.tenant.users.filter((user) => user.managerId !== null).length).toBeGreaterThan(USERS / 2);
    ct.tenant.deltaRepeatsUsers = true;
    try {
      const integration = await syncNow(ct, integrationId, "FULL");
      expect(integration.lastSync).toMatchObject({ mode: "FULL", status: "SUCCEEDED" });
      await expectMirrorEqualsTenantNow();
    } finally {
      ct.tenant.deltaRepeatsUsers = false;
    }
  });
});
