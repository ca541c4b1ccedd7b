// Enterprise applications, who is assigned to each, and users' sign-in activity, as the emulator
// serves them: the permission each read needs, the licence sign-in activity needs, and paging.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENTERPRISE_APP_TAG } from "./app-role-assignments.js";
import { generateTenant } from "./generate.js";
import { startEntraEmulator, type EntraEmulator } from "./server.js";
import { acquireToken, graphGet } from "./support.js";
import type { Tenant } from "./tenant.js";

const TENANT = "99999999-5555-4555-8555-555555555555";
const UNLICENSED = "99999999-6666-4666-8666-666666666666";
const APP_READER = "99999999-7777-4777-8777-000000000001";
const AUDITOR = "99999999-7777-4777-8777-000000000002";
const ENTERPRISE_APPS = `/v1.0/servicePrincipals?$filter=tags/any(t:t eq '${ENTERPRISE_APP_TAG}')&$select=id,displayName,appRoles`;
const SIGN_INS = "/v1.0/users?$select=id,signInActivity";

let emu: EntraEmulator;
let tenant: Tenant;
let unlicensed: Tenant;

beforeAll(async () => {
  emu = await startEntraEmulator({ pageSize: 5 });
  tenant = emu.addTenant({ tenantId: TENANT, directory: generateTenant({ seed: 5, users: 12, groups: 2 }) });
  unlicensed = emu.addTenant({ tenantId: UNLICENSED, entraIdP1: false });
  for (const t of [tenant, unlicensed]) {
    t.registerApp({ clientId: APP_READER, secret: "s", permissions: ["Application.Read.All", "User.Read.All"] });
    t.registerApp({ clientId: AUDITOR, secret: "s", permissions: ["User.Read.All", "AuditLog.Read.All"] });
  }
});
afterAll(() => emu.close());

async function get(t: Tenant, clientId: string, path: string) {
  return graphGet(`${emu.url}${path}`, await acquireToken(emu, t.tenantId, clientId, "s"));
}

describe("app access", () => {
  it("lists enterprise applications by their tag, and who is assigned to one, with each principal's kind and name", async () => {
    const chat = tenant.addServicePrincipal({
      displayName: "ChatGPT Enterprise",
      tags: [ENTERPRISE_APP_TAG],
      appRoles: [{ id: "11111111-0000-4000-8000-000000000001", displayName: "Workspace Admin", value: "admin", allowedMemberTypes: ["User"], isEnabled: true }],
    });
    tenant.addServicePrincipal({ displayName: "Some backend API" });
    const [person] = tenant.users;
    const [group] = tenant.groups;
    tenant.appRoleAssignments.assign({ resourceId: chat.id, principalId: person!.id, appRoleId: "11111111-0000-4000-8000-000000000001" });
    tenant.appRoleAssignments.assign({ resourceId: chat.id, principalId: group!.id });

    const apps = await get(tenant, APP_READER, ENTERPRISE_APPS);
    expect(apps.status).toBe(200);
    expect(apps.body.value).toEqual([{ id: chat.id, displayName: "ChatGPT Enterprise", appRoles: chat.appRoles }]);

    const assigned = await get(tenant, APP_READER, `/v1.0/servicePrincipals/${chat.id}/appRoleAssignedTo?$select=principalId,principalType,principalDisplayName,appRoleId`);
    expect(assigned.status).toBe(200);
    expect(assigned.body.value.map((a: any) => [a.principalType, a.principalDisplayName, a.appRoleId])).toEqual([
      ["User", person!.displayName, "11111111-0000-4000-8000-000000000001"],
      ["Group", group!.displayName, "00000000-0000-0000-0000-000000000000"],
    ]);
    // A principal that leaves the directory leaves the list.
    tenant.deleteGroup(group!.id);
    expect((await get(tenant, APP_READER, `/v1.0/servicePrincipals/${chat.id}/appRoleAssignedTo`)).body.value).toHaveLength(1);
  });

  it("refuses an app without Application.Read.All, and answers 404 for an unknown application", async () => {
    const denied = await get(tenant, AUDITOR, ENTERPRISE_APPS);
    expect(denied).toMatchObject({ status: 403, body: { error: { code: "Authorization_RequestDenied" } } });
    const unknown = await get(tenant, APP_READER, "/v1.0/servicePrincipals/00000000-1111-4111-8111-000000000000/appRoleAssignedTo");
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: "Request_ResourceNotFound" } } });
  });
});

describe("sign-in activity", () => {
  it("serves each user's last interactive and non-interactive sign-in, null for one who never signed in", async () => {
    const [first, second] = tenant.users;
    tenant.signInActivity.record(first!.id, { lastSignInDateTime: "2026-01-02T03:04:05Z", lastNonInteractiveSignInDateTime: "2026-02-01T00:00:00Z" });
    const { status, body } = await get(tenant, AUDITOR, `${SIGN_INS}&$top=500`);
    expect(status).toBe(200);
    const byId = new Map(body.value.map((u: any) => [u.id, u.signInActivity]));
    expect(byId.get(first!.id)).toMatchObject({ lastSignInDateTime: "2026-01-02T03:04:05Z", lastNonInteractiveSignInDateTime: "2026-02-01T00:00:00Z" });
    expect(byId.get(second!.id)).toBeNull();
  });

  it("needs AuditLog.Read.All, a premium licence, and pages of at most 500", async () => {
    expect(await get(tenant, APP_READER, SIGN_INS)).toMatchObject({ status: 403, body: { error: { code: "Authorization_RequestDenied" } } });
    expect(await get(unlicensed, AUDITOR, SIGN_INS)).toMatchObject({
      status: 403,
      body: { error: { code: "Authentication_RequestFromNonPremiumTenantOrB2CTenant" } },
    });
    expect((await get(tenant, AUDITOR, `${SIGN_INS}&$top=999`)).status).toBe(400);
    // Without signInActivity, the same app lists users as before.
    expect((await get(unlicensed, APP_READER, "/v1.0/users?$select=id&$top=999")).status).toBe(200);
  });
});
