// Roles as Entra grants them, synced from the emulator's unified role management API: a role held
// through a role-assignable group, one only eligible in PIM, one scoped to an administrative unit,
// one held by a service principal; each shown with how it is held, each in the access review.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directoryRoles, integrations } from "../src/db/schema.js";
import { GLOBAL_ADMIN_TEMPLATE } from "./support/company.js";
import { ADD_INTEGRATION, ALL_PERMISSIONS, connectTenant, startTenantAndServer, syncNow, type ConnectedTenant } from "./support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

const USER_ADMIN = "fe930be7-5e62-47db-91af-98c3a49a38b1";
const PRIVILEGED_ROLE_ADMIN = "e8611ab8-c189-46e8-94e1-60213ab1f814";
const GLOBAL_READER = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
const SECURITY_READER = "5d6b6bb7-de71-4623-b4af-96380a352509";
const DIRECTORY_READERS = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";
const EMEA = "/administrativeUnits/6b1c5f0e-0000-4000-8000-00000000e3ea";
const IN_30_DAYS = new Date(Date.now() + 30 * 86_400_000).toISOString();

const ROLES = /* GraphQL */ `
  query Roles($id: ID!) {
    directoryUser(id: $id) {
      roles { id displayName }
      privileged: roles(kind: PRIVILEGED) { displayName }
      roleAssignments { role { id displayName } state via group { displayName } scope expiresAt }
    }
  }
`;
const AGENT_ROLES = /* GraphQL */ `
  query AgentRoles($id: ID!) { directoryServicePrincipal(id: $id) { roleAssignments { role { displayName kind } state via scope } } }
`;
const LINK_KEY = /* GraphQL */ `mutation Link($input: LinkApiKeyInput!) { linkApiKey(input: $input) { apiKeyId } }`;
const PRIVILEGED_FINDINGS = /* GraphQL */ `
  query { accessReview(filter: { kinds: [PRIVILEGED_ROLE] }) { edges { node { subjectId detail } } } }
`;

let db: TestDatabase;
let ct: ConnectedTenant;
let integrationId: string;
const ids = { eligible: "", member: "", scoped: "", agent: "", admins: "" };

async function rolesOf(id: string, org = "default") {
  const { body } = await ct.server.request<any, object>(ROLES, { id }, { org });
  expect(body.errors).toBeUndefined();
  return body.data.directoryUser;
}

async function privilegedFindings(org = "default") {
  const { body } = await ct.server.request<any, object>(PRIVILEGED_FINDINGS, {}, { org });
  expect(body.errors).toBeUndefined();
  return Object.fromEntries((body.data.accessReview.edges as { node: { subjectId: string; detail: string } }[]).map((e) => [e.node.subjectId, e.node.detail]));
}

/** The role management reads the emulator answered since request number `from`. */
function roleReadsSince(from: number): string[] {
  return ct.emulator.requests
    .slice(from)
    .map((r) => r.path)
    .filter((path) => path.startsWith("/v1.0/roleManagement/"))
    .map((path) => path.split("/").at(-1) as string);
}

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 20, groups: 3 });
  const t = ct.tenant;
  ids.eligible = t.hireUser({ displayName: "Eve Eligible", department: "IT" }).id;
  ids.member = t.hireUser({ displayName: "Gil Groupmember", department: "IT" }).id;
  ids.scoped = t.hireUser({ displayName: "Sam Scoped", department: "Sales" }).id;
  ids.admins = t.addGroup({ displayName: "Tier 0 Admins", members: [ids.member] }).id;
  ids.agent = t.addServicePrincipal({ displayName: "Provisioning Agent", owners: [ids.scoped] }).id;
  t.roleManagement.makeEligible({ roleDefinitionId: GLOBAL_ADMIN_TEMPLATE, principalId: ids.eligible, endDateTime: IN_30_DAYS });
  t.roleManagement.assign({ roleDefinitionId: GLOBAL_ADMIN_TEMPLATE, principalId: ids.admins });
  t.roleManagement.assign({ roleDefinitionId: USER_ADMIN, principalId: ids.scoped, directoryScopeId: EMEA });
  t.roleManagement.assign({ roleDefinitionId: DIRECTORY_READERS, principalId: ids.agent });
  integrationId = (await connectTenant(ct)).id;
  for (const [key, holder] of [["key-eve", ids.eligible], ["key-gil", ids.member], ["key-sam", ids.scoped]]) {
    const { body } = await ct.server.request(LINK_KEY, { input: { apiKeyId: key, holderId: holder } });
    expect(body.errors).toBeUndefined();
  }
});
afterAll(async () => {
  await ct?.close();
  await db?.destroy();
});

describe("roles as granted", () => {
  it("shows a role only eligible in PIM and one held through a group, each with its kind of grant", async () => {
    expect(await rolesOf(ids.eligible)).toEqual({
      roles: [{ id: GLOBAL_ADMIN_TEMPLATE, displayName: "Global Administrator" }],
      privileged: [{ displayName: "Global Administrator" }],
      roleAssignments: [
        {
          role: { id: GLOBAL_ADMIN_TEMPLATE, displayName: "Global Administrator" },
          state: "ELIGIBLE",
          via: "DIRECT",
          group: null,
          scope: null,
          expiresAt: IN_30_DAYS,
        },
      ],
    });
    expect(await rolesOf(ids.member)).toEqual({
      roles: [{ id: GLOBAL_ADMIN_TEMPLATE, displayName: "Global Administrator" }],
      privileged: [{ displayName: "Global Administrator" }],
      roleAssignments: [
        {
          role: { id: GLOBAL_ADMIN_TEMPLATE, displayName: "Global Administrator" },
          state: "ACTIVE",
          via: "GROUP",
          group: { displayName: "Tier 0 Admins" },
          scope: null,
          expiresAt: null,
        },
      ],
    });
  });

  it("limits a role to its administrative unit, and lists a service principal's roles", async () => {
    const sam = await rolesOf(ids.scoped);
    expect(sam.roleAssignments).toEqual([
      { role: { id: USER_ADMIN, displayName: "User Administrator" }, state: "ACTIVE", via: "DIRECT", group: null, scope: EMEA, expiresAt: null },
    ]);
    const { body } = await ct.server.request<any, object>(AGENT_ROLES, { id: ids.agent });
    expect(body.data.directoryServicePrincipal.roleAssignments).toEqual([
      { role: { displayName: "Directory Readers", kind: "STANDARD" }, state: "ACTIVE", via: "DIRECT", scope: null },
    ]);
  });

  it("counts as privileged the roles Microsoft labels so, those that read everything included", async () => {
    const auditor = ct.tenant.hireUser({ displayName: "Ada Auditor" }).id;
    for (const role of [GLOBAL_READER, SECURITY_READER]) ct.tenant.roleManagement.assign({ roleDefinitionId: role, principalId: auditor });
    await syncNow(ct, integrationId);
    expect((await rolesOf(auditor)).privileged).toEqual([{ displayName: "Global Reader" }, { displayName: "Security Reader" }]);
  });

  it("reads the role assignments of many people in as many statements as of one", async () => {
    const query = (people: string[]) =>
      `{ ${people.map((id, i) => `p${i}: directoryUser(id: "${id}") { roleAssignments { role { displayName } group { displayName } } }`).join(" ")} }`;
    db.resetStatements();
    await ct.server.request(query([ids.member]));
    const forOne = db.statements.length;
    db.resetStatements();
    const { body } = await ct.server.request<any, object>(query([ids.member, ids.eligible, ids.scoped, ids.agent]));
    expect(body.errors).toBeUndefined();
    expect(db.statements.length).toBe(forOne);
  });

  it("puts both in the access review's privileged finding, saying how each holds the role", async () => {
    expect(await privilegedFindings()).toEqual({
      [ids.eligible]: "Holds keys and the role Global Administrator (eligible)",
      [ids.member]: "Holds keys and the role Global Administrator (through group Tier 0 Admins)",
      [ids.scoped]: `Holds keys and the role User Administrator (over ${EMEA})`,
    });
  });

  it("follows grants on every run, reading the assignments whole and the definitions when one is new or a day old (a day's read Graph throttles waiting for the next run)", async () => {
    const t = ct.tenant;
    const eligibility = t.roleManagement.eligibilities.find((e) => e.principalId === ids.eligible)!;
    t.roleManagement.remove(eligibility.id);
    t.removeMember(ids.admins, ids.member);
    t.addMember(ids.admins, ids.eligible);
    const from = ct.emulator.requests.length;

    expect((await syncNow(ct, integrationId)).lastSync).toMatchObject({ mode: "INCREMENTAL", status: "SUCCEEDED" });

    expect(roleReadsSince(from)).toEqual(["roleAssignments", "roleEligibilityScheduleInstances"]);
    expect((await rolesOf(ids.member)).roleAssignments).toEqual([]);
    expect((await rolesOf(ids.eligible)).roleAssignments).toMatchObject([{ state: "ACTIVE", via: "GROUP", group: { displayName: "Tier 0 Admins" } }]);

    const approver = t.roleManagement.addDefinition("Invoice Approver");
    t.roleManagement.assign({ roleDefinitionId: approver.id, principalId: ids.member });
    const next = ct.emulator.requests.length;
    await syncNow(ct, integrationId);
    expect(roleReadsSince(next)).toEqual(["roleAssignments", "roleEligibilityScheduleInstances", "roleDefinitions"]);
    expect((await rolesOf(ids.member)).roles).toEqual([{ id: approver.id, displayName: "Invoice Approver" }]);

    // Renamed in Entra: the definitions are read again once a day, not on every run.
    t.roleManagement.renameDefinition(approver.id, "Payments Approver");
    await syncNow(ct, integrationId);
    expect((await rolesOf(ids.member)).roles).toEqual([{ id: approver.id, displayName: "Invoice Approver" }]);
    // A day on, by the database's clock, which the runs judge by: the definitions were read a day ago.
    await db.db
      .update(directoryRoles)
      .set({ readAt: sql`${directoryRoles.readAt} - interval '25 hours'` })
      .where(eq(directoryRoles.integrationId, integrationId));
    // Graph throttling the day's read past the client's retries: the run succeeds, the read waits for the next run.
    ct.emulator.faults.throttle(50, "0.01", { pathPrefix: "/v1.0/roleManagement/directory/roleDefinitions" });
    expect((await syncNow(ct, integrationId)).lastSync).toMatchObject({ status: "SUCCEEDED" });
    ct.emulator.faults.clear();
    expect((await rolesOf(ids.member)).roles).toEqual([{ id: approver.id, displayName: "Invoice Approver" }]);
    const dayLater = ct.emulator.requests.length;
    await syncNow(ct, integrationId);
    expect(roleReadsSince(dayLater)).toContain("roleDefinitions");
    expect((await rolesOf(ids.member)).roles).toEqual([{ id: approver.id, displayName: "Payments Approver" }]);

    // A new role, its definition throttled: the run fails rather than hold a grant it cannot name.
    const reviewer = t.roleManagement.addDefinition("Access Reviewer");
    t.roleManagement.assign({ roleDefinitionId: reviewer.id, principalId: t.hireUser({ displayName: "Rita Reviewer" }).id });
    ct.emulator.faults.throttle(50, "0.01", { pathPrefix: "/v1.0/roleManagement/directory/roleDefinitions" });
    expect((await syncNow(ct, integrationId)).lastSync).toMatchObject({ status: "FAILED" });
    ct.emulator.faults.clear();
    expect((await syncNow(ct, integrationId)).lastSync).toMatchObject({ status: "SUCCEEDED" });
  });

  it("syncs everything else, without a warning, in a tenant without Entra ID P2", async () => {
    const t = ct.tenant;
    t.roleManagement.makeEligible({ roleDefinitionId: USER_ADMIN, principalId: ids.member });
    t.roleManagement.entraIdP2 = false;
    const newcomer = t.hireUser({ displayName: "Nina Newcomer" });
    try {
      const integration = await syncNow(ct, integrationId);
      expect(integration.status).toBe("CONNECTED");
      expect((await rolesOf(newcomer.id)).roles).toEqual([]);
      expect((await rolesOf(ids.member)).roleAssignments.map((a: { state: string }) => a.state)).toEqual(["ACTIVE"]);
    } finally {
      t.roleManagement.entraIdP2 = true;
    }
    await syncNow(ct, integrationId);
    expect((await rolesOf(ids.member)).roleAssignments.map((a: { role: { displayName: string }; state: string }) => `${a.role.displayName} ${a.state}`)).toEqual([
      "Payments Approver ACTIVE",
      "User Administrator ELIGIBLE",
    ]);
  });

  it("counts as privileged the roles that reach a tenant's takeover less directly: partner support, domain names", async () => {
    const t = ct.tenant;
    const support = t.hireUser({ displayName: "Tia Tier2" }).id;
    t.roleManagement.assign({ roleDefinitionId: "e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8", principalId: support });
    t.roleManagement.assign({ roleDefinitionId: "8329153b-31d0-4727-b945-745eb3bc5f31", principalId: support });
    await syncNow(ct, integrationId);
    expect((await rolesOf(support)).privileged.map((r: { displayName: string }) => r.displayName)).toEqual([
      "Domain Name Administrator",
      "Partner Tier2 Support",
    ]);
  });

  it("holds an eligibility no more once its end has passed, though no sync has run since", async () => {
    const t = ct.tenant;
    const shortLived = t.roleManagement.makeEligible({
      roleDefinitionId: PRIVILEGED_ROLE_ADMIN,
      principalId: ids.member,
      endDateTime: new Date(Date.now() + 1_500).toISOString(),
    });
    await syncNow(ct, integrationId);
    expect((await rolesOf(ids.member)).privileged.map((r: { displayName: string }) => r.displayName)).toContain("Privileged Role Administrator");
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect((await rolesOf(ids.member)).privileged.map((r: { displayName: string }) => r.displayName)).not.toContain("Privileged Role Administrator");
    expect((await privilegedFindings())[ids.member]).not.toMatch(/Privileged Role Administrator/);
    t.roleManagement.remove(shortLived.id);
    await syncNow(ct, integrationId);
  });

  it("makes each member of a group eligible for the roles the group is eligible for", async () => {
    const t = ct.tenant;
    const responders = t.addGroup({ displayName: "Incident Responders", members: [ids.member] });
    const eligibility = t.roleManagement.makeEligible({ roleDefinitionId: PRIVILEGED_ROLE_ADMIN, principalId: responders.id });
    await syncNow(ct, integrationId);
    expect((await rolesOf(ids.member)).roleAssignments).toContainEqual({
      role: { id: PRIVILEGED_ROLE_ADMIN, displayName: "Privileged Role Administrator" },
      state: "ELIGIBLE",
      via: "GROUP",
      group: { displayName: "Incident Responders" },
      scope: null,
      expiresAt: null,
    });
    expect((await privilegedFindings())[ids.member]).toBe(
      "Holds keys and the roles Privileged Role Administrator (eligible, through group Incident Responders), User Administrator (eligible)",
    );
    t.roleManagement.remove(eligibility.id);
    await syncNow(ct, integrationId);
    expect((await privilegedFindings())[ids.member]).toBe("Holds keys and the role User Administrator (eligible)");
  });

  it("keeps each organisation to its own mirror: one whose app may not read eligibilities sees the rest, with a warning", async () => {
    const t = ct.tenant;
    t.roleManagement.makeEligible({ roleDefinitionId: GLOBAL_ADMIN_TEMPLATE, principalId: ids.scoped });
    await syncNow(ct, integrationId);
    const partnerApp = "0b7f3c2a-0000-4000-8000-0000000000aa";
    t.registerApp({ clientId: partnerApp, secret: ct.clientSecret, permissions: ["User.Read.All", "Group.Read.All", "Directory.Read.All"] });
    const { body } = await ct.server.request<any, object>(
      ADD_INTEGRATION,
      { input: { name: "Partner view", tenantId: t.tenantId, clientId: partnerApp, clientSecret: ct.clientSecret } },
      { org: "partner" },
    );
    expect(body.errors).toBeUndefined();
    await ct.server.app.runner.drain();
    const [partner] = await db.db.select().from(integrations).where(eq(integrations.id, body.data.addEntraIntegration.id));
    expect(partner).toMatchObject({ status: "WARNING", statusError: { code: "PERMISSION_MISSING" } });
    expect(partner!.statusError!.message).toMatch(/^Not synced: roleEligibilities \(.*Insufficient privileges/);

    // The same person, in two organisations' mirrors of one tenant: each caller sees its own.
    expect((await rolesOf(ids.scoped)).roleAssignments.map((a: { state: string }) => a.state)).toEqual(["ELIGIBLE", "ACTIVE"]);
    expect((await rolesOf(ids.scoped, "partner")).roleAssignments.map((a: { state: string }) => a.state)).toEqual(["ACTIVE"]);
    const link = await ct.server.request(LINK_KEY, { input: { apiKeyId: "partner-key-sam", holderId: ids.scoped } }, { org: "partner" });
    expect(link.body.errors).toBeUndefined();
    expect(await privilegedFindings("partner")).toEqual({ [ids.scoped]: `Holds keys and the role User Administrator (over ${EMEA})` });
    expect((await privilegedFindings())[ids.scoped]).toBe(
      `Holds keys and the roles Global Administrator (eligible), User Administrator (over ${EMEA})`,
    );
  });

  it("forgets its roles and eligibilities when the app may read them no more, warning which, rather than show them as held", async () => {
    const t = ct.tenant;
    const narrowedApp = "0b7f3c2a-0000-4000-8000-0000000000bb";
    t.registerApp({ clientId: narrowedApp, secret: ct.clientSecret, permissions: ALL_PERMISSIONS });
    const { body } = await ct.server.request<any, object>(
      ADD_INTEGRATION,
      { input: { name: "Narrowed later", tenantId: t.tenantId, clientId: narrowedApp, clientSecret: ct.clientSecret } },
      { org: "narrowed" },
    );
    expect(body.errors).toBeUndefined();
    const id = body.data.addEntraIntegration.id;
    await ct.server.app.runner.drain();
    expect((await rolesOf(ids.eligible, "narrowed")).roleAssignments).not.toEqual([]);

    // Roles no more; service principals still (Directory.Read.All granted both).
    t.app(narrowedApp)!.permissions.splice(0, Infinity, "User.Read.All", "Group.Read.All", "Application.Read.All");
    ct.server.app.runner.forget(id);
    const synced = await syncNow(ct, id, "INCREMENTAL", "narrowed");
    expect(synced).toMatchObject({ status: "WARNING", lastSync: { status: "SUCCEEDED" } });
    for (const holder of [ids.eligible, ids.member, ids.scoped]) {
      expect(await rolesOf(holder, "narrowed")).toMatchObject({ roles: [], privileged: [], roleAssignments: [] });
    }
  });

  it("keeps the roles it held when Graph refuses them for a moment though the token grants them, warning of the run", async () => {
    const before = await rolesOf(ids.scoped);
    expect(before.roleAssignments).not.toEqual([]);
    // Refused twice: once with the token the run had, once more with one issued anew.
    ct.emulator.faults.unavailable(2, 403, undefined, { pathPrefix: "/v1.0/roleManagement/directory/roleAssignments" });
    const refused = await syncNow(ct, integrationId);
    expect(refused).toMatchObject({ status: "WARNING", lastSync: { status: "SUCCEEDED" } });
    expect(await rolesOf(ids.scoped)).toEqual(before);
    expect((await syncNow(ct, integrationId)).status).toBe("CONNECTED");
  });
});
