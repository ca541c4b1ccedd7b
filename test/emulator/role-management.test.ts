// The unified role management API and the directory's deleted users, as the emulator serves them:
// who may read each list, paging, the licence PIM needs, and grants that follow their principal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTenant } from "./generate.js";
import { startEntraEmulator, type EntraEmulator } from "./server.js";
import { acquireToken, graphGet } from "./support.js";
import type { Tenant } from "./tenant.js";

const TENANT = "55555555-5555-4555-8555-555555555555";
const UNLICENSED = "66666666-6666-4666-8666-666666666666";
const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";
const USER_ADMIN = "fe930be7-5e62-47db-91af-98c3a49a38b1";
const ASSIGNMENTS = "/v1.0/roleManagement/directory/roleAssignments";
const ELIGIBILITIES = "/v1.0/roleManagement/directory/roleEligibilityScheduleInstances";
const DEFINITIONS = "/v1.0/roleManagement/directory/roleDefinitions";
const DELETED_USERS = "/v1.0/directory/deletedItems/microsoft.graph.user";

let emu: EntraEmulator;
let tenant: Tenant;
let unlicensed: Tenant;

beforeAll(async () => {
  emu = await startEntraEmulator({ pageSize: 5 });
  tenant = emu.addTenant({ tenantId: TENANT, directory: generateTenant({ seed: 3, users: 40, groups: 4 }) });
  unlicensed = emu.addTenant({ tenantId: UNLICENSED, entraIdP2: false });
  for (const [t, suffix] of [[tenant, "1"], [unlicensed, "2"]] as const) {
    t.registerApp({ clientId: `77777777-7777-4777-8777-00000000000${suffix}`, secret: "s", permissions: ["RoleManagement.Read.Directory", "User.Read.All"] });
    t.registerApp({ clientId: `88888888-8888-4888-8888-00000000000${suffix}`, secret: "s", permissions: ["Directory.Read.All"] });
  }
});
afterAll(() => emu.close());

const roleReader = (t: Tenant) => acquireToken(emu, t.tenantId, `77777777-7777-4777-8777-00000000000${t === tenant ? 1 : 2}`, "s");
const directoryReader = (t: Tenant) => acquireToken(emu, t.tenantId, `88888888-8888-4888-8888-00000000000${t === tenant ? 1 : 2}`, "s");

/** Every item of a list, following nextLinks; and how many pages it took. */
async function readAll(path: string, token: string): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let pages = 0;
  for (let next: string | undefined = `${emu.url}${path}`; next; pages++) {
    const { status, body } = await graphGet(next, token);
    if (status !== 200) throw new Error(`${status} ${JSON.stringify(body)}`);
    items.push(...body.value);
    next = body["@odata.nextLink"];
  }
  return { items, pages };
}

describe("role management", () => {
  it("lists active assignments of users, groups and service principals, tenant-wide and scoped, page by page", async () => {
    const [group] = tenant.groups;
    const agent = tenant.addServicePrincipal({ displayName: "Ops Agent" });
    const [someone] = tenant.users;
    const byGroup = tenant.roleManagement.assign({ roleDefinitionId: GLOBAL_ADMIN, principalId: group!.id });
    const byAgent = tenant.roleManagement.assign({ roleDefinitionId: USER_ADMIN, principalId: agent.id });
    const scoped = tenant.roleManagement.assign({
      roleDefinitionId: USER_ADMIN,
      principalId: someone!.id,
      directoryScopeId: "/administrativeUnits/au-emea",
    });

    const { items, pages } = await readAll(`${ASSIGNMENTS}?$select=id,principalId,roleDefinitionId,directoryScopeId`, await roleReader(tenant));

    expect(pages).toBeGreaterThan(1);
    const held = items.map((a) => `${a.roleDefinitionId} ${a.principalId} ${a.directoryScopeId}`).sort();
    const activated = tenant.roles.flatMap((role) => role.members.map((m) => `${role.roleTemplateId} ${m} /`));
    expect(held).toEqual(
      [
        ...activated,
        `${GLOBAL_ADMIN} ${group!.id} /`,
        `${USER_ADMIN} ${agent.id} /`,
        `${USER_ADMIN} ${someone!.id} /administrativeUnits/au-emea`,
      ].sort(),
    );
    expect(Object.keys(items[0]).sort()).toEqual(["directoryScopeId", "id", "principalId", "roleDefinitionId"]);
    for (const { id } of [byGroup, byAgent, scoped]) tenant.roleManagement.remove(id);
  });

  it("filters assignments by role definition, and refuses filters it does not support", async () => {
    const token = await roleReader(tenant);
    const { items } = await readAll(`${ASSIGNMENTS}?$select=principalId&$filter=roleDefinitionId eq '${GLOBAL_ADMIN}'`, token);
    const globalAdmins = tenant.roles.find((r) => r.roleTemplateId === GLOBAL_ADMIN)!.members;
    expect(items.map((a) => a.principalId).sort()).toEqual([...globalAdmins].sort());
    const refused = await graphGet(`${emu.url}${ASSIGNMENTS}?$filter=startswith(principalId,'a')`, token);
    expect(refused.status).toBe(400);
  });

  it("lists role definitions by id, built-in ones under their template ids", async () => {
    const custom = tenant.roleManagement.addDefinition("Invoice Approver");
    const { items } = await readAll(`${DEFINITIONS}?$select=id,displayName,templateId`, await directoryReader(tenant));
    expect(items).toContainEqual({ id: GLOBAL_ADMIN, displayName: "Global Administrator", templateId: GLOBAL_ADMIN });
    expect(items).toContainEqual({ id: custom.id, displayName: "Invoice Approver", templateId: custom.id });
  });

  it("lists eligibilities in force, not those that ended", async () => {
    const [ada, bob] = tenant.users;
    const lasting = tenant.roleManagement.makeEligible({ roleDefinitionId: GLOBAL_ADMIN, principalId: ada!.id });
    const ended = tenant.roleManagement.makeEligible({
      roleDefinitionId: GLOBAL_ADMIN,
      principalId: bob!.id,
      endDateTime: new Date(Date.now() - 60_000).toISOString(),
    });
    const { items } = await readAll(`${ELIGIBILITIES}?$select=id,principalId,roleDefinitionId,directoryScopeId,endDateTime,memberType`, await roleReader(tenant));
    expect(items).toEqual([
      { id: lasting.id, principalId: ada!.id, roleDefinitionId: GLOBAL_ADMIN, directoryScopeId: "/", endDateTime: null, memberType: "Direct" },
    ]);
    for (const { id } of [lasting, ended]) tenant.roleManagement.remove(id);
  });

  it("refuses eligibilities to Directory.Read.All, which reads definitions and assignments", async () => {
    const token = await directoryReader(tenant);
    expect((await graphGet(`${emu.url}${ASSIGNMENTS}`, token)).status).toBe(200);
    const { status, body } = await graphGet(`${emu.url}${ELIGIBILITIES}`, token);
    expect(status).toBe(403);
    expect(body.error.code).toBe("Authorization_RequestDenied");
  });

  it("answers eligibilities with AadPremiumLicenseRequired in a tenant without Entra ID P2", async () => {
    const { status, body } = await graphGet(`${emu.url}${ELIGIBILITIES}`, await roleReader(unlicensed));
    expect(status).toBe(400);
    expect(body.error.code).toBe("AadPremiumLicenseRequired");
    expect((await graphGet(`${emu.url}${ASSIGNMENTS}`, await roleReader(unlicensed))).status).toBe(200);
  });

  it("drops a deleted principal's grants, and gives a restored user theirs back", async () => {
    const user = tenant.hireUser({ displayName: "Temporary Admin" });
    const group = tenant.addGroup({ displayName: "Role holders" });
    const eligible = tenant.roleManagement.makeEligible({ roleDefinitionId: GLOBAL_ADMIN, principalId: user.id });
    tenant.roleManagement.assign({ roleDefinitionId: GLOBAL_ADMIN, principalId: group.id });
    tenant.softDeleteUser(user.id);
    tenant.deleteGroup(group.id);
    expect(tenant.roleManagement.eligibilities.map((e) => e.principalId)).not.toContain(user.id);
    expect(tenant.roleManagement.assignments.map((a) => a.principalId)).not.toContain(group.id);
    tenant.restoreUser(user.id);
    expect(tenant.roleManagement.eligibilities).toContainEqual(eligible);
  });
});

describe("deleted users", () => {
  it("lists soft-deleted users, restorable, and not permanently deleted ones", async () => {
    const [soft, hard, restored] = tenant.users.slice(-3);
    tenant.softDeleteUser(soft!.id);
    tenant.softDeleteUser(hard!.id);
    tenant.hardDeleteUser(hard!.id);
    tenant.softDeleteUser(restored!.id);
    tenant.restoreUser(restored!.id);

    const { items } = await readAll(`${DELETED_USERS}?$select=id&$top=999`, await roleReader(tenant));

    expect(items.map((u) => u.id)).toContain(soft!.id);
    expect(items.map((u) => u.id)).not.toContain(hard!.id);
    expect(items.map((u) => u.id)).not.toContain(restored!.id);
    expect(items.map((u) => u.id).sort()).toEqual(tenant.deletedUsers.map((u) => u.id).sort());
  });

  it("needs a permission that reads users", async () => {
    tenant.registerApp({ clientId: "99999999-9999-4999-8999-000000000001", secret: "s", permissions: ["Group.Read.All"] });
    const token = await acquireToken(emu, TENANT, "99999999-9999-4999-8999-000000000001", "s");
    expect((await graphGet(`${emu.url}${DELETED_USERS}`, token)).status).toBe(403);
  });
});
