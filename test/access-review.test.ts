// The access review against an emulated tenant: each finding appears when its cause is made in
// the tenant and a sync runs, and disappears when the cause is fixed and a sync runs again.
// Service principals (and their owners) come from the emulator's /servicePrincipals endpoints.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GLOBAL_ADMIN_TEMPLATE } from "./support/company.js";
import { connectTenant, startTenantAndServer, syncNow, type ConnectedTenant } from "./support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

const REVIEW = /* GraphQL */ `
  query Review($filter: AccessReviewFilter, $first: Int, $after: String) {
    accessReview(filter: $filter, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { kind subjectId subjectKind department apiKeyIds since detail } }
    }
  }
`;
const LINK_KEY = /* GraphQL */ `mutation Link($input: LinkApiKeyInput!) { linkApiKey(input: $input) { apiKeyId } }`;
const SERVICE_PRINCIPAL = /* GraphQL */ `
  query Sp($id: ID!) { directoryServicePrincipal(id: $id) { displayName appId servicePrincipalType accountEnabled owners { id } } }
`;

let db: TestDatabase;
let ct: ConnectedTenant;
let integrationId: string;
const ids = { alice: "", bob: "", guest: "", agent: "", gone: "" };

async function findings(filter: object = {}) {
  const { body } = await ct.server.request<any, object>(REVIEW, { filter, first: 100 });
  expect(body.errors).toBeUndefined();
  return (body.data.accessReview.edges as { node: any }[]).map((e) => e.node);
}

async function kinds() {
  return (await findings()).map((f) => `${f.kind} ${f.subjectId === ids.alice ? "alice" : f.subjectId === ids.bob ? "bob" : f.subjectId === ids.guest ? "guest" : f.subjectId === ids.agent ? "agent" : f.subjectId === ids.gone ? "gone" : f.subjectId}`);
}

async function link(apiKeyId: string, holderId: string) {
  const { body } = await ct.server.request(LINK_KEY, { input: { apiKeyId, holderId } });
  expect(body.errors).toBeUndefined();
}

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 10, groups: 2 });
  const t = ct.tenant;
  ids.alice = t.hireUser({ displayName: "Alice", department: "Finance" }).id;
  ids.bob = t.hireUser({ displayName: "Bob", department: "Sales" }).id;
  ids.guest = t.hireUser({ displayName: "Gus Guest", userType: "Guest" }).id;
  ids.gone = t.hireUser({ displayName: "Gone Soon" }).id;
  ids.agent = t.addServicePrincipal({ displayName: "Invoice Agent", appId: "app-invoice", owners: [ids.alice] }).id;
  integrationId = (await connectTenant(ct)).id;
  await link("key-alice", ids.alice);
  await link("key-bob", ids.bob);
  await link("key-guest", ids.guest);
  await link("key-agent", ids.agent);
  await link("key-gone", ids.gone);
});
afterAll(async () => {
  await ct?.close();
  await db?.destroy();
});

describe("service principal sync", () => {
  it("mirrors service principals with their owners, and follows changes on the next sync", async () => {
    const read = async () => (await ct.server.request<any, object>(SERVICE_PRINCIPAL, { id: ids.agent })).body.data.directoryServicePrincipal;
    expect(await read()).toEqual({
      displayName: "Invoice Agent",
      appId: "app-invoice",
      servicePrincipalType: "Application",
      accountEnabled: true,
      owners: [{ id: ids.alice }],
    });
    ct.tenant.updateServicePrincipal(ids.agent, { displayName: "Invoice Agent v2" });
    await syncNow(ct, integrationId);
    expect((await read()).displayName).toBe("Invoice Agent v2");
  });
});

describe("access review", () => {
  it("lists nothing but guests while every holder is active, owned and unprivileged", async () => {
    expect(await kinds()).toEqual(["GUEST guest"]);
  });

  it("shows each finding when its cause is made in the tenant, and drops it once fixed and synced", async () => {
    const t = ct.tenant;
    t.updateUser(ids.bob, { accountEnabled: false });
    const ga = t.addRole({ displayName: "Global Administrator", roleTemplateId: GLOBAL_ADMIN_TEMPLATE, members: [ids.alice] });
    t.updateServicePrincipal(ids.agent, { owners: [], accountEnabled: false });
    t.hardDeleteUser(ids.gone);
    await syncNow(ct, integrationId);
    expect(await kinds()).toEqual([
      "DISABLED_ACCOUNT bob",
      "DISABLED_SERVICE_PRINCIPAL agent",
      "GUEST guest",
      "MISSING_IDENTITY gone",
      "PRIVILEGED_ROLE alice",
      "SERVICE_PRINCIPAL_WITHOUT_OWNER agent",
    ]);
    const [bob] = await findings({ kinds: ["DISABLED_ACCOUNT"] });
    expect(bob).toMatchObject({ subjectKind: "USER", department: "Sales", apiKeyIds: ["key-bob"] });
    expect(new Date(bob.since).getTime()).toBeLessThanOrEqual(Date.now());
    expect((await findings({ department: "Finance" })).map((f) => f.kind)).toEqual(["PRIVILEGED_ROLE"]);

    t.softDeleteUser(ids.bob);
    await syncNow(ct, integrationId);
    expect((await findings({ kinds: ["DELETED_ACCOUNT", "DISABLED_ACCOUNT"] })).map((f) => f.kind)).toEqual(["DELETED_ACCOUNT"]);

    t.restoreUser(ids.bob);
    t.updateUser(ids.bob, { accountEnabled: true });
    t.unassignRole(ga.id, ids.alice);
    t.updateServicePrincipal(ids.agent, { owners: [ids.alice], accountEnabled: true });
    await ct.server.request(/* GraphQL */ `mutation { unlinkApiKey(apiKeyId: "key-gone") }`);
    await syncNow(ct, integrationId);
    expect(await kinds()).toEqual(["GUEST guest"]);
  });

  it("pages findings and refuses callers who are not admins", async () => {
    ct.tenant.updateUser(ids.bob, { accountEnabled: false });
    await syncNow(ct, integrationId);
    const { body } = await ct.server.request<any, object>(REVIEW, { first: 1 });
    expect(body.data.accessReview).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    const next = await ct.server.request<any, object>(REVIEW, { first: 1, after: body.data.accessReview.pageInfo.endCursor });
    expect(next.body.data.accessReview.edges[0].node.kind).toBe("GUEST");
    const denied = await ct.server.request(REVIEW, {}, { roles: [] });
    expect(denied.body.errors![0].extensions!.code).toBe("FORBIDDEN");
  });
});
