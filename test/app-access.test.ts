// Application access, synced from the emulator's enterprise applications: a person's applications
// assigned directly and through a group, with the app role; who is assigned to an application,
// page by page; AI tools marked by app id; each organisation seeing its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENTERPRISE_APP_TAG } from "./emulator/app-role-assignments.js";
import { ADD_INTEGRATION, ALL_PERMISSIONS, connectTenant, startTenantAndServer, syncNow, type ConnectedTenant } from "./support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

const WORKSPACE_ADMIN = "5f1c2d3e-0000-4000-8000-00000000a001";

const APPS = /* GraphQL */ `
  query Apps($id: ID!, $aiOnly: Boolean) {
    directoryUser(id: $id) {
      appAssignments(aiOnly: $aiOnly) { application { displayName isAiApplication } appRole via group { displayName } }
    }
  }
`;
const ASSIGNED = /* GraphQL */ `
  query Assigned($id: ID!, $after: String) {
    directoryServicePrincipal(id: $id) {
      assignments(first: 2, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { principalType principalDisplayName appRole user { id } group { id } servicePrincipal { id } } }
      }
    }
  }
`;
const MARK = /* GraphQL */ `
  mutation Mark($appId: String!, $ai: Boolean!) { markAiApplication(appId: $appId, ai: $ai) { id displayName isAiApplication } }
`;

let db: TestDatabase;
let ct: ConnectedTenant;
let integrationId: string;
const ids = { ada: "", ben: "", pilots: "", chat: "", chatAppId: "", copilot: "", internal: "", agent: "" };

async function appsOf(id: string, aiOnly = false, org = "default") {
  const { body } = await ct.server.request<any, object>(APPS, { id, aiOnly }, { org });
  expect(body.errors).toBeUndefined();
  return body.data.directoryUser?.appAssignments ?? null;
}

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 20, groups: 3 });
  const t = ct.tenant;
  ids.ada = t.hireUser({ displayName: "Ada Direct" }).id;
  ids.ben = t.hireUser({ displayName: "Ben Member" }).id;
  ids.pilots = t.addGroup({ displayName: "Early Adopters", members: [ids.ben] }).id;
  const chat = t.addServicePrincipal({
    displayName: "ChatGPT Enterprise",
    tags: [ENTERPRISE_APP_TAG],
    appRoleAssignmentRequired: true,
    appRoles: [{ id: WORKSPACE_ADMIN, displayName: "Workspace Admin", value: "admin", allowedMemberTypes: ["User"], isEnabled: true }],
  });
  ids.chat = chat.id;
  ids.chatAppId = chat.appId;
  ids.copilot = t.addServicePrincipal({ displayName: "GitHub Copilot", tags: [ENTERPRISE_APP_TAG] }).id;
  // Not an enterprise application: its assignments are not read.
  ids.internal = t.addServicePrincipal({ displayName: "Internal API" }).id;
  ids.agent = t.addServicePrincipal({ displayName: "Support Agent" }).id;
  t.appRoleAssignments.assign({ resourceId: ids.chat, principalId: ids.ada, appRoleId: WORKSPACE_ADMIN });
  t.appRoleAssignments.assign({ resourceId: ids.chat, principalId: ids.pilots });
  t.appRoleAssignments.assign({ resourceId: ids.chat, principalId: ids.agent });
  t.appRoleAssignments.assign({ resourceId: ids.copilot, principalId: ids.ada });
  t.appRoleAssignments.assign({ resourceId: ids.internal, principalId: ids.ada });
  integrationId = (await connectTenant(ct)).id;
});
afterAll(async () => {
  await ct?.close();
  await db?.destroy();
});

describe("app access", () => {
  it("lists a person's applications, assigned directly and through a group, with the app role", async () => {
    expect(await appsOf(ids.ada)).toEqual([
      { application: { displayName: "ChatGPT Enterprise", isAiApplication: false }, appRole: "Workspace Admin", via: "DIRECT", group: null },
      { application: { displayName: "GitHub Copilot", isAiApplication: false }, appRole: null, via: "DIRECT", group: null },
    ]);
    expect(await appsOf(ids.ben)).toEqual([
      { application: { displayName: "ChatGPT Enterprise", isAiApplication: false }, appRole: null, via: "GROUP", group: { displayName: "Early Adopters" } },
    ]);
  });

  it("lists a person's AI applications once an admin marks them, and refuses the mark to others and to a malformed app id", async () => {
    const { body } = await ct.server.request<any, object>(MARK, { appId: ids.chatAppId.toUpperCase(), ai: true });
    expect(body.errors).toBeUndefined();
    expect(body.data.markAiApplication).toEqual({ id: ids.chat, displayName: "ChatGPT Enterprise", isAiApplication: true });

    expect(await appsOf(ids.ada, true)).toEqual([
      { application: { displayName: "ChatGPT Enterprise", isAiApplication: true }, appRole: "Workspace Admin", via: "DIRECT", group: null },
    ]);
    expect(await appsOf(ids.ben, true)).toEqual([
      { application: { displayName: "ChatGPT Enterprise", isAiApplication: true }, appRole: null, via: "GROUP", group: { displayName: "Early Adopters" } },
    ]);

    const notAdmin = await ct.server.request<any, object>(MARK, { appId: ids.chatAppId, ai: false }, { roles: [] });
    expect(notAdmin.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const malformed = await ct.server.request<any, object>(MARK, { appId: "chatgpt", ai: true });
    expect(malformed.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "appId" });
    expect(await appsOf(ids.ada, true)).toHaveLength(1);
  });

  it("pages through who is assigned to an application: people, groups and service principals", async () => {
    const first = await ct.server.request<any, object>(ASSIGNED, { id: ids.chat });
    expect(first.body.errors).toBeUndefined();
    const page1 = first.body.data.directoryServicePrincipal.assignments;
    expect(page1.totalCount).toBe(3);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await ct.server.request<any, object>(ASSIGNED, { id: ids.chat, after: page1.pageInfo.endCursor });
    const page2 = second.body.data.directoryServicePrincipal.assignments;
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect([...page1.edges, ...page2.edges].map((e: any) => e.node)).toEqual([
      { principalType: "User", principalDisplayName: "Ada Direct", appRole: "Workspace Admin", user: { id: ids.ada }, group: null, servicePrincipal: null },
      { principalType: "Group", principalDisplayName: "Early Adopters", appRole: null, user: null, group: { id: ids.pilots }, servicePrincipal: null },
      { principalType: "ServicePrincipal", principalDisplayName: "Support Agent", appRole: null, user: null, group: null, servicePrincipal: { id: ids.agent } },
    ]);
    const internal = await ct.server.request<any, object>(ASSIGNED, { id: ids.internal });
    expect(internal.body.data.directoryServicePrincipal.assignments.totalCount).toBe(0);
  });

  it("reads the applications of many people in as many statements as of one", async () => {
    const query = (people: string[]) =>
      `{ ${people.map((id, i) => `p${i}: directoryUser(id: "${id}") { appAssignments { appRole application { displayName isAiApplication } group { displayName } } }`).join(" ")} }`;
    db.resetStatements();
    await ct.server.request(query([ids.ben]));
    const forOne = db.statements.length;
    db.resetStatements();
    const { body } = await ct.server.request<any, object>(query([ids.ben, ids.ada, ...ct.tenant.users.slice(0, 5).map((u) => u.id)]));
    expect(body.errors).toBeUndefined();
    expect(db.statements.length).toBe(forOne);
  });

  it("shows whether an application lets in only those assigned, or no one, and follows a change of either", async () => {
    const settings = async () => {
      const { body } = await ct.server.request<any, object>(
        `{ chat: directoryServicePrincipal(id: "${ids.chat}") { appRoleAssignmentRequired accountEnabled }
           copilot: directoryServicePrincipal(id: "${ids.copilot}") { appRoleAssignmentRequired accountEnabled } }`,
      );
      expect(body.errors).toBeUndefined();
      return body.data;
    };
    expect(await settings()).toEqual({
      chat: { appRoleAssignmentRequired: true, accountEnabled: true },
      // Assignment not required: anyone in the tenant may sign in, Ada's assignment or not.
      copilot: { appRoleAssignmentRequired: false, accountEnabled: true },
    });

    ct.tenant.updateServicePrincipal(ids.copilot, { appRoleAssignmentRequired: true, accountEnabled: false });
    await syncNow(ct, integrationId);
    expect((await settings()).copilot).toEqual({ appRoleAssignmentRequired: true, accountEnabled: false });
    ct.tenant.updateServicePrincipal(ids.copilot, { appRoleAssignmentRequired: false, accountEnabled: true });
    await syncNow(ct, integrationId);
    expect((await settings()).copilot).toEqual({ appRoleAssignmentRequired: false, accountEnabled: true });
  });

  it("follows assignments on every run: the enterprise applications' list, then their assignments in one batch", async () => {
    const t = ct.tenant;
    const benGrant = t.appRoleAssignments.assign({ resourceId: ids.copilot, principalId: ids.ben });
    const from = ct.emulator.requests.length;
    const fromBatched = ct.emulator.batchedRequests.length;
    expect((await syncNow(ct, integrationId)).lastSync).toMatchObject({ mode: "INCREMENTAL", status: "SUCCEEDED" });
    const paths = ct.emulator.requests.slice(from).map((r) => r.path);
    expect(paths.filter((p) => p === "/v1.0/servicePrincipals" || p === "/v1.0/$batch")).toEqual(["/v1.0/servicePrincipals", "/v1.0/$batch"]);
    expect(ct.emulator.batchedRequests.slice(fromBatched).map((r) => r.path).sort()).toEqual(
      [ids.chat, ids.copilot].map((id) => `/v1.0/servicePrincipals/${id}/appRoleAssignedTo`).sort(),
    );
    expect((await appsOf(ids.ben)).map((a: any) => a.application.displayName)).toEqual(["ChatGPT Enterprise", "GitHub Copilot"]);

    t.appRoleAssignments.unassign(benGrant.id);
    t.removeMember(ids.pilots, ids.ben);
    await syncNow(ct, integrationId);
    expect(await appsOf(ids.ben)).toEqual([]);
  });

  it("keeps a mark made before the application is mirrored, and through a full resync", async () => {
    const appId = "0c3f2a11-0000-4000-8000-00000000c1a0";
    const early = await ct.server.request<any, object>(MARK, { appId, ai: true });
    expect(early.body.errors).toBeUndefined();
    expect(early.body.data.markAiApplication).toBeNull();

    const claude = ct.tenant.addServicePrincipal({ appId, displayName: "Claude", tags: [ENTERPRISE_APP_TAG] });
    ct.tenant.appRoleAssignments.assign({ resourceId: claude.id, principalId: ids.pilots });
    ct.tenant.addMember(ids.pilots, ids.ben);
    expect((await syncNow(ct, integrationId, "FULL")).lastSync).toMatchObject({ mode: "FULL", status: "SUCCEEDED" });
    expect((await appsOf(ids.ben, true)).map((a: any) => a.application.displayName)).toEqual(["ChatGPT Enterprise", "Claude"]);

    const unmarked = await ct.server.request<any, object>(MARK, { appId: ids.chatAppId, ai: false });
    expect(unmarked.body.data.markAiApplication.isAiApplication).toBe(false);
    expect((await appsOf(ids.ben, true)).map((a: any) => a.application.displayName)).toEqual(["Claude"]);
  });

  it("keeps each organisation to its own marks and mirror", async () => {
    // Another organisation with no integration sees no one.
    expect(await appsOf(ids.ada, false, "elsewhere")).toBeNull();

    const partnerApp = "0b7f3c2a-0000-4000-8000-0000000000ab";
    ct.tenant.registerApp({ clientId: partnerApp, secret: ct.clientSecret, permissions: ["User.Read.All", "Group.Read.All", "Directory.Read.All"] });
    const { body } = await ct.server.request<any, object>(
      ADD_INTEGRATION,
      { input: { name: "Partner view", tenantId: ct.tenant.tenantId, clientId: partnerApp, clientSecret: ct.clientSecret } },
      { org: "partner" },
    );
    expect(body.errors).toBeUndefined();
    await ct.server.app.runner.drain();
    // The partner mirrors the same assignments, but marked nothing as AI.
    expect((await appsOf(ids.ben, false, "partner")).map((a: any) => a.application.displayName)).toEqual(["ChatGPT Enterprise", "Claude"]);
    expect(await appsOf(ids.ben, true, "partner")).toEqual([]);
    const mark = await ct.server.request<any, object>(MARK, { appId: ids.chatAppId, ai: true }, { org: "partner" });
    expect(mark.body.data.markAiApplication).toMatchObject({ id: ids.chat, isAiApplication: true });
    expect((await appsOf(ids.ada, true, "partner")).map((a: any) => a.application.displayName)).toEqual(["ChatGPT Enterprise"]);
    expect(await appsOf(ids.ada, true)).toEqual([]);
  });

  it("fails its syncs when the app may read applications no more, rather than show who is assigned under a fresh sync", async () => {
    const narrowedApp = "0b7f3c2a-0000-4000-8000-0000000000cc";
    ct.tenant.registerApp({ clientId: narrowedApp, secret: ct.clientSecret, permissions: ALL_PERMISSIONS });
    const { body } = await ct.server.request<any, object>(
      ADD_INTEGRATION,
      { input: { name: "Narrowed later", tenantId: ct.tenant.tenantId, clientId: narrowedApp, clientSecret: ct.clientSecret } },
      { org: "narrowed" },
    );
    expect(body.errors).toBeUndefined();
    const id = body.data.addEntraIntegration.id;
    await ct.server.app.runner.drain();
    expect(await appsOf(ids.ada, false, "narrowed")).not.toEqual([]);

    ct.tenant.app(narrowedApp)!.permissions.splice(0, Infinity, "User.Read.All", "Group.Read.All");
    ct.server.app.runner.forget(id);
    const refused = await syncNow(ct, id, "INCREMENTAL", "narrowed");
    // The applications (service principals) were read before: their refusal fails the run, as
    // people's and groups' would, and the integration says why.
    expect(refused).toMatchObject({ status: "FAILED", lastSync: { status: "FAILED", error: { code: "PERMISSION_MISSING" } } });
    expect(refused.lastSync.error.message).toMatch(/no longer lets the app read servicePrincipals \(Application\.Read\.All\)/);
  });
});
