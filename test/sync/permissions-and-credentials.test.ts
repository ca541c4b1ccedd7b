// What an integration's status says when the app may read only part of the directory, when its
// secret expires between scheduled syncs, and when an admin asks for syncs faster than they run.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { paused, resumed } from "../../src/integrations/status.js";
import {
  ADD_INTEGRATION,
  ALL_PERMISSIONS,
  connectTenant,
  INTEGRATION_STATUS,
  startServerFor,
  startTenant,
  startTenantAndServer,
  SYNC_INTEGRATION,
  syncNow,
  type ConnectedTenant,
  type EmulatedTenant,
} from "../support/connected-tenant.js";
import { capturedLog } from "../support/captured-log.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { expectMirrorEqualsTenant, readMirror, userIdsOf } from "./expect-mirror.js";

type Permission = { permission: string; granted: boolean; message: string; hint: string | null };

async function integrationStatus(ct: ConnectedTenant, id: string) {
  const { body } = await ct.server.request(INTEGRATION_STATUS, { id });
  expect(body.errors).toBeUndefined();
  return (body.data as { entraIntegration: { status: string; lastSync: any } }).entraIntegration;
}

describe("an app granted only User.Read.All", () => {
  let db: TestDatabase;
  let ct: ConnectedTenant;
  let usersOnly: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ct = await startTenantAndServer(db, { users: 80, groups: 10, permissions: ["User.Read.All"] });
  });
  afterAll(async () => {
    await ct?.close();
    await db?.destroy();
  });

  it("is saved with status WARNING naming the missing permissions, and syncs users without groups", async () => {
    const { body } = await ct.server.request(ADD_INTEGRATION, {
      input: { name: "Users only", tenantId: ct.tenant.tenantId, clientId: ct.clientId, clientSecret: ct.clientSecret },
    });
    expect(body.errors).toBeUndefined();
    const added = (body.data as { addEntraIntegration: { id: string; status: string; permissions: Permission[] } })
      .addEntraIntegration;
    usersOnly = added.id;
    // Saved as WARNING; by the time the answer is read its first sync may already be SYNCING.
    expect(["WARNING", "SYNCING"]).toContain(added.status);
    const granted = Object.fromEntries(added.permissions.map((p) => [p.permission, p.granted]));
    expect(granted).toEqual({
      "User.Read.All": true,
      "Group.Read.All": false,
      "RoleManagement.Read.Directory": false,
      "RoleEligibilitySchedule.Read.Directory": false,
      "Application.Read.All": false,
      "AuditLog.Read.All": false,
    });
    const groupCheck = added.permissions.find((p) => p.permission === "Group.Read.All")!;
    expect(groupCheck.message).toMatch(/Group\.Read\.All/);
    expect(groupCheck.hint).toMatch(/Grant admin consent/);

    await ct.server.app.runner.drain();
    const integration = await integrationStatus(ct, added.id);
    expect(integration.status).toBe("WARNING");
    expect(integration.lastSync).toMatchObject({
      mode: "FULL",
      status: "SUCCEEDED",
      usersUpserted: ct.tenant.users.length,
      groupsUpserted: 0,
    });
    const mirror = await readMirror(db.db, added.id);
    expect(mirror.users.map((u) => u.id).sort()).toEqual(ct.tenant.users.map((u) => u.id).sort());
    expect(mirror.users.every((u) => u.deletedAt === null)).toBe(true);
    expect([mirror.groups, mirror.memberships, mirror.roles, mirror.assignments]).toEqual([[], [], [], []]);
  });

  it("sweeps its users at a full resync although groups were skipped: the deleted for good leave, the restorable stay DELETED", async () => {
    const [gone, restorable] = ct.tenant.users.slice(0, 2);
    ct.tenant.hardDeleteUser(gone.id);
    ct.tenant.softDeleteUser(restorable.id);
    const integration = await syncNow(ct, usersOnly, "FULL");
    expect(integration.lastSync).toMatchObject({ mode: "FULL", status: "SUCCEEDED", usersRemoved: 2 });
    const mirror = await readMirror(db.db, usersOnly);
    expect(mirror.users.find((u) => u.id === gone.id)).toBeUndefined();
    expect(mirror.users.find((u) => u.id === restorable.id)?.deletedAt).not.toBeNull();
    expect(mirror.users.filter((u) => u.deletedAt === null).map((u) => u.id).sort()).toEqual(ct.tenant.users.map((u) => u.id).sort());
  });
});

describe("an app whose permissions are taken away after it synced", () => {
  let db: TestDatabase;
  let ct: ConnectedTenant;

  beforeAll(async () => {
    db = await createTestDatabase();
    ct = await startTenantAndServer(db, { users: 60, groups: 8 });
  });
  afterAll(async () => {
    await ct?.close();
    await db?.destroy();
  });

  const PERMISSIONS = /* GraphQL */ `
    query Permissions($id: ID!) { entraIntegration(id: $id) { permissions { permission granted } } }
  `;
  const FRESHNESS = /* GraphQL */ `
    query Freshness($id: ID!) { entraIntegration(id: $id) { status lastSuccessfulSyncAt } }
  `;
  async function lastSuccessOf(id: string, org: string) {
    const { body } = await ct.server.request(FRESHNESS, { id }, { org });
    return (body.data as { entraIntegration: { status: string; lastSuccessfulSyncAt: string } }).entraIntegration;
  }
  /** What the app may read from now on; msal's cached token is dropped, as after its hour. */
  function grant(id: string, consent: boolean, permissions: string[] = ALL_PERMISSIONS) {
    const app = ct.tenant.app(ct.clientId)!;
    app.adminConsent = consent;
    app.permissions.splice(0, Infinity, ...permissions);
    ct.server.app.runner.forget(id);
  }

  it("fails its syncs while consent is revoked, keeping the mirror and its last success, and catches up once consent is back", async () => {
    const org = "revoked-consent";
    const { id } = await connectTenant(ct, org);
    const before = await readMirror(db.db, id);
    const everSynced = new Set(userIdsOf(before));
    const lastSuccess = (await lastSuccessOf(id, org)).lastSuccessfulSyncAt;

    grant(id, false);
    const [disabled, gone, restorable] = ct.tenant.users.filter((u) => u.accountEnabled).slice(0, 3);
    ct.tenant.updateUser(disabled.id, { accountEnabled: false });
    ct.tenant.hardDeleteUser(gone.id);
    ct.tenant.softDeleteUser(restorable.id);
    ct.tenant.randomChanges(4, 20);
    const refused = await syncNow(ct, id, "INCREMENTAL", org);
    expect(refused.status).toBe("FAILED");
    expect(refused.lastSync).toMatchObject({ status: "FAILED", error: { code: "PERMISSION_MISSING" } });
    expect(refused.lastSync.error.message).toMatch(/^Microsoft Graph no longer lets the app read users \(User\.Read\.All\), which earlier syncs read/);
    expect(refused.lastSync.error.hint).toMatch(/Grant admin consent/);
    expect(await lastSuccessOf(id, org)).toEqual({ status: "FAILED", lastSuccessfulSyncAt: lastSuccess });
    expect(await readMirror(db.db, id)).toEqual(before);

    grant(id, true);
    const caughtUp = await syncNow(ct, id, "INCREMENTAL", org);
    expect(caughtUp.lastSync).toMatchObject({ mode: "INCREMENTAL", status: "SUCCEEDED" });
    expect(caughtUp.status).toBe("CONNECTED");
    await expectMirrorEqualsTenant(db.db, id, ct.tenant, { everSynced });
  });

  it("fails its syncs when only the groups can no longer be read, its permissions then say so, and removes what left the groups meanwhile once they can", async () => {
    const org = "revoked-groups";
    const { id } = await connectTenant(ct, org);
    const everSynced = new Set(userIdsOf(await readMirror(db.db, id)));

    grant(id, true, ["User.Read.All"]);
    const group = ct.tenant.groups.find((g) => g.members.length > 0)!;
    ct.tenant.removeMember(group.id, group.members[0]);
    ct.tenant.deleteGroup(ct.tenant.groups.find((g) => g.id !== group.id)!.id);
    const refused = await syncNow(ct, id, "INCREMENTAL", org);
    expect(refused.lastSync).toMatchObject({ status: "FAILED", error: { code: "PERMISSION_MISSING" } });
    expect(refused.lastSync.error.message).toMatch(/no longer lets the app read groups \(Group\.Read\.All\)/);
    const { body } = await ct.server.request(PERMISSIONS, { id }, { org });
    const granted = (body.data as { entraIntegration: { permissions: Permission[] } }).entraIntegration.permissions;
    expect(Object.fromEntries(granted.map((p) => [p.permission, p.granted]))).toMatchObject({ "User.Read.All": true, "Group.Read.All": false });

    grant(id, true);
    const caughtUp = await syncNow(ct, id, "INCREMENTAL", org);
    expect(caughtUp.lastSync).toMatchObject({ status: "SUCCEEDED", groupsRemoved: 1 });
    await expectMirrorEqualsTenant(db.db, id, ct.tenant, { everSynced });
  });

  it("fails its syncs rather than show an agent disabled since as enabled under a fresh sync, and catches up once it can read them", async () => {
    const agent = ct.tenant.addServicePrincipal({ displayName: "Invoice agent" });
    const { id } = await connectTenant(ct, "revoked-principals");
    // Least privilege without Application.Read.All (nor Directory.Read.All, which also grants it).
    grant(id, true, ["User.Read.All", "Group.Read.All", "RoleManagement.Read.Directory"]);
    ct.tenant.updateServicePrincipal(agent.id, { accountEnabled: false });

    const refused = await syncNow(ct, id, "INCREMENTAL", "revoked-principals");
    expect(refused.lastSync).toMatchObject({ status: "FAILED", error: { code: "PERMISSION_MISSING" } });
    expect(refused.lastSync.error.message).toMatch(/no longer lets the app read servicePrincipals \(Application\.Read\.All\)/);

    grant(id, true);
    const caughtUp = await syncNow(ct, id, "INCREMENTAL", "revoked-principals");
    expect(caughtUp.lastSync).toMatchObject({ status: "SUCCEEDED", servicePrincipalsUpserted: 1 });
    const { body } = await ct.server.request<any, object>(
      `query($id: ID!) { directoryServicePrincipal(id: $id) { accountEnabled } }`,
      { id: agent.id },
      { org: "revoked-principals" },
    );
    expect(body.data.directoryServicePrincipal).toEqual({ accountEnabled: false });
  });
});

describe("an app whose admin consent is granted after it was connected", () => {
  let db: TestDatabase;
  let ct: ConnectedTenant;

  beforeAll(async () => {
    db = await createTestDatabase();
    ct = await startTenantAndServer(db, { users: 40, groups: 6, adminConsent: false });
  });
  afterAll(async () => {
    await ct?.close();
    await db?.destroy();
  });

  const PERMISSIONS = /* GraphQL */ `
    query Permissions($id: ID!) {
      entraIntegration(id: $id) { status statusReason { code message hint } permissions { permission granted } }
    }
  `;
  async function permissionsOf(id: string) {
    const { body } = await ct.server.request(PERMISSIONS, { id });
    expect(body.errors).toBeUndefined();
    return (body.data as { entraIntegration: { status: string; statusReason: any; permissions: Permission[] } }).entraIntegration;
  }

  it("reads the directory at the next sync, and records the permissions the consent granted", async () => {
    const { body } = await ct.server.request(ADD_INTEGRATION, {
      input: { name: "Consent later", tenantId: ct.tenant.tenantId, clientId: ct.clientId, clientSecret: ct.clientSecret },
    });
    expect(body.errors).toBeUndefined();
    const { id } = (body.data as { addEntraIntegration: { id: string } }).addEntraIntegration;
    await ct.server.app.runner.drain();
    const before = await permissionsOf(id);
    expect(before.status).toBe("WARNING");
    expect(before.statusReason.message).toMatch(/^Not synced: users \(User\.Read\.All\), groups \(Group\.Read\.All\), /);
    expect(before.statusReason.hint).toMatch(/Grant admin consent/);
    expect(before.permissions.every((p) => !p.granted)).toBe(true);

    // The admin clicks Grant admin consent; the token the first sync was issued is still cached.
    ct.tenant.app(ct.clientId)!.adminConsent = true;
    const from = ct.emulator.requests.length;
    const after = await syncNow(ct, id);
    expect(after.lastSync).toMatchObject({ status: "SUCCEEDED", usersUpserted: ct.tenant.users.length, groupsUpserted: ct.tenant.groups.length });
    await expectMirrorEqualsTenant(db.db, id, ct.tenant);
    const checked = await permissionsOf(id);
    expect(checked.status).toBe("CONNECTED");
    expect(checked.statusReason).toBeNull();
    expect(checked.permissions.map((p) => [p.permission, p.granted])).toEqual([
      ["User.Read.All", true],
      ["Group.Read.All", true],
      ["RoleManagement.Read.Directory", true],
      ["RoleEligibilitySchedule.Read.Directory", true],
      ["Application.Read.All", true],
      ["AuditLog.Read.All", true],
    ]);
    // The checks' probes were the run's background work, marked so for Graph's throttling.
    const probes = ct.emulator.requests.slice(from).filter((r) => {
      const query = decodeURIComponent(r.query);
      return query.startsWith("?$top=1&") || query.includes("$filter=roleDefinitionId eq");
    });
    expect(probes).toHaveLength(6);
    expect(probes.filter((r) => r.priority !== "Low")).toEqual([]);
  });
});

describe("a connected integration", () => {
  let db: TestDatabase;
  let ct: ConnectedTenant;
  let integrationId: string;
  let everSynced: Set<string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    ct = await startTenantAndServer(db, { users: 80, groups: 10 });
    integrationId = (await connectTenant(ct)).id;
    const synced = await expectMirrorEqualsTenant(db.db, integrationId, ct.tenant);
    everSynced = new Set(userIdsOf(synced));
  });
  afterEach(() => vi.useRealTimers());
  afterAll(async () => {
    await ct?.close();
    await db?.destroy();
  });

  it("runs one sync at a time: two sync requests at once get the same run", async () => {
    ct.tenant.randomChanges(5, 20);
    const [first, second] = await Promise.all(
      [1, 2].map(() => ct.server.request(SYNC_INTEGRATION, { id: integrationId, mode: "INCREMENTAL" })),
    );
    await ct.server.app.runner.drain();
    const [a, b] = [first, second].map((r) => {
      expect(r.body.errors).toBeUndefined();
      return (r.body.data as { syncEntraIntegration: { id: string; status: string } }).syncEntraIntegration;
    });
    expect(a!.id).toBe(b!.id);
    expect(a!.status).toBe("RUNNING");
    const integration = await integrationStatus(ct, integrationId);
    expect(integration.lastSync).toMatchObject({ id: a!.id, status: "SUCCEEDED" });
    await expectMirrorEqualsTenant(db.db, integrationId, ct.tenant, { everSynced });
  });

  it("turns FAILED with the expired-secret message when a scheduled sync meets an expired secret, keeping the mirror", async () => {
    const before = await readMirror(db.db, integrationId);
    ct.tenant.randomChanges(6, 20);
    ct.tenant.app(ct.clientId)!.secretExpired = true;
    // The access token from the last sync stays valid for an hour; the next one due after that
    // has to ask the token endpoint again, which now refuses the secret.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 2 * 60 * 60_000);

    // Paused and resumed: due at once, as the scheduler sees it.
    await paused(db.db, { id: integrationId, orgId: "default" });
    await resumed(db.db, { id: integrationId, orgId: "default" });
    await ct.server.app.scheduler.tick();
    await ct.server.app.runner.drain();

    const integration = await integrationStatus(ct, integrationId);
    expect(integration.status).toBe("FAILED");
    expect(integration.lastSync).toMatchObject({ mode: "INCREMENTAL", status: "FAILED" });
    expect(integration.lastSync.error).toMatchObject({ code: "ENTRA_AUTH_FAILED" });
    expect(integration.lastSync.error.message).toMatch(/expired.*AADSTS7000222/);
    expect(integration.lastSync.error.hint).toMatch(/new client secret/);
    expect(await readMirror(db.db, integrationId)).toEqual(before);
  });
});

describe("a replica whose SECRETS_KEY is not the key that sealed the credential", () => {
  let db: TestDatabase;
  let tenant: EmulatedTenant;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    db = await createTestDatabase();
    tenant = await startTenant({ users: 20, groups: 3 });
    process.on("unhandledRejection", onUnhandled);
  });
  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    await tenant?.emulator.close();
    await db?.destroy();
  });

  it("fails its syncs with CREDENTIAL_UNREADABLE naming SECRETS_KEY, keeps the mirror, and stays up", async () => {
    const sealing = await startServerFor(db, tenant.emulator);
    const integrationId = (await connectTenant({ ...tenant, server: sealing })).id;
    const before = await readMirror(db.db, integrationId);
    await sealing.close();

    const { log, lines } = capturedLog("info");
    const otherKey = Buffer.alloc(32, 9).toString("base64");
    const replica = await startServerFor(db, tenant.emulator, { env: { SECRETS_KEY: otherKey }, log });
    try {
      const integration = await syncNow({ server: replica }, integrationId);
      expect(integration.status).toBe("FAILED");
      expect(integration.lastSync).toMatchObject({ status: "FAILED", error: { code: "CREDENTIAL_UNREADABLE" } });
      expect(integration.lastSync.error.message).toMatch(/SECRETS_KEY differs from the key it was sealed with/);
      expect(integration.lastSync.error.hint).toMatch(/same SECRETS_KEY|SECRETS_KEY that sealed/);
      expect(await readMirror(db.db, integrationId)).toEqual(before);
      expect(lines.some((line) => line.includes('"msg":"sync failed"') && line.includes("SECRETS_KEY differs"))).toBe(true);
      expect(unhandled).toEqual([]);
    } finally {
      await replica.close();
    }
  });
});

describe("an integration on the server's own identity whose organisation may no longer use it", () => {
  const environment = { ...process.env };
  let db: TestDatabase;
  let tenant: EmulatedTenant;

  beforeAll(async () => {
    db = await createTestDatabase();
    tenant = await startTenant({ users: 20, groups: 3 });
    Object.assign(process.env, tenant.emulator.managedIdentity.environment);
  });
  afterAll(async () => {
    process.env = environment;
    await tenant?.emulator.close();
    await db?.destroy();
  });

  it("fails its syncs with SERVER_IDENTITY_NOT_ALLOWED, sending nothing to Entra, once PLATFORM_IDENTITY_ORGS no longer lists it", async () => {
    const identity = tenant.emulator.managedIdentity.assign(tenant.tenant, { permissions: ALL_PERMISSIONS });
    // Connected while the operator allowed every organisation.
    const allowing = await startServerFor(db, tenant.emulator, { env: { PLATFORM_IDENTITY_ORGS: "*" } });
    const { body } = await allowing.request(
      ADD_INTEGRATION,
      { input: { name: "Theirs", tenantId: tenant.tenant.tenantId, clientId: identity.clientId, managedIdentity: {} } },
      { org: "elsewhere" },
    );
    expect(body.errors).toBeUndefined();
    const { id } = (body.data as { addEntraIntegration: { id: string } }).addEntraIntegration;
    await allowing.app.runner.drain();
    const before = await readMirror(db.db, id);
    await allowing.close();

    const replica = await startServerFor(db, tenant.emulator);
    try {
      const sent = tenant.emulator.requests.length;
      const integration = await syncNow({ server: replica }, id, "INCREMENTAL", "elsewhere");
      expect(integration.status).toBe("FAILED");
      expect(integration.lastSync).toMatchObject({ status: "FAILED", error: { code: "SERVER_IDENTITY_NOT_ALLOWED" } });
      expect(integration.lastSync.error.hint).toMatch(/PLATFORM_IDENTITY_ORGS/);
      expect(tenant.emulator.requests.slice(sent)).toEqual([]);
      expect(await readMirror(db.db, id)).toEqual(before);
    } finally {
      await replica.close();
    }
  });
});
