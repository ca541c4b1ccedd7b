// Users, groups and service principals delta queries: paging, selection, incremental rounds,
// splits and expired tokens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTenant } from "./generate.js";
import { startEntraEmulator, type EntraEmulator } from "./server.js";
import { acquireToken, deltaRound, graphGet } from "./support.js";
import type { Tenant } from "./tenant.js";
import type { User } from "./types.js";

const TENANT = "33333333-3333-4333-8333-333333333333";
const APP = "44444444-4444-4444-8444-444444444444";
const USERS_DELTA = "/v1.0/users/delta?$select=id,displayName,mail,department,accountEnabled,manager";
const GROUPS_DELTA = "/v1.0/groups/delta?$select=id,displayName,description,members";
const SERVICE_PRINCIPALS_DELTA = "/v1.0/servicePrincipals/delta?$select=id,appId,displayName,accountEnabled";

let emu: EntraEmulator;
let tenant: Tenant;
let token: string;

beforeAll(async () => {
  emu = await startEntraEmulator({ pageSize: 10, memberPageSize: 5 });
  tenant = emu.addTenant({
    tenantId: TENANT,
    domains: ["contoso.com"],
    directory: generateTenant({ seed: 7, users: 95, groups: 12, membershipsPerUser: 2, nestedGroupRatio: 0.3 }),
  });
  tenant.registerApp({ clientId: APP, secret: "s3cret", permissions: ["User.Read.All", "Group.Read.All", "Directory.Read.All"] });
  token = await acquireToken(emu, TENANT, APP, "s3cret");
});

afterAll(() => emu.close());

/** Items of one id, merged as a client must: properties overwrite, member lists merge by member id. */
function merged(items: readonly any[]): Map<string, any> {
  const byId = new Map<string, any>();
  for (const item of items) {
    const current = byId.get(item.id) ?? {};
    const members = new Map<string, unknown>();
    for (const member of [...(current["members@delta"] ?? []), ...(item["members@delta"] ?? [])]) {
      members.set(member.id, member);
    }
    byId.set(item.id, { ...current, ...item, ...(members.size ? { "members@delta": [...members.values()] } : {}) });
  }
  return byId;
}

function leaves(): User[] {
  const managers = new Set(tenant.users.map((u) => u.managerId));
  return tenant.users.filter((u) => !managers.has(u.id) && u.managerId !== null);
}

describe("users delta", () => {
  it("pages every user with only the selected properties and ends with a deltaLink", async () => {
    const round = await deltaRound(`${emu.url}${USERS_DELTA}`, token);
    expect(round.pages.length).toBeGreaterThanOrEqual(10);
    expect(round.pages.every((page) => page.length <= 10)).toBe(true);
    expect(round.deltaLink).toMatch(new RegExp(`^${emu.url}/v1\\.0/users/delta\\?\\$deltatoken=`));
    const users = new Map(tenant.users.map((u) => [u.id, u]));
    const byId = merged(round.items);
    expect(new Set(byId.keys())).toEqual(new Set(users.keys()));
    // Graph may repeat an item; the emulator always does at least once per round.
    expect(round.items.length).toBeGreaterThan(users.size);
    for (const item of round.items) {
      const user = users.get(item.id) as User;
      const expected: Record<string, unknown> = {
        id: user.id,
        displayName: user.displayName,
        mail: user.mail,
        department: user.department,
        accountEnabled: user.accountEnabled,
      };
      if (user.managerId) expected["manager@delta"] = [{ "@odata.type": "#microsoft.graph.user", id: user.managerId }];
      expect(item).toEqual(expected);
    }
  });

  it("links the next page with an opaque skiptoken on the emulator's host", async () => {
    const { body } = await graphGet(`${emu.url}${USERS_DELTA}`, token);
    expect(body["@odata.nextLink"]).toMatch(new RegExp(`^${emu.url}/v1\\.0/users/delta\\?\\$skiptoken=[\\w-]+$`));
    expect(body).not.toHaveProperty("@odata.deltaLink");
  });

  it("keeps a round consistent while the tenant changes, and shows the change in the next round", async () => {
    const first = await graphGet(`${emu.url}${USERS_DELTA}`, token);
    const hire = tenant.hireUser({ displayName: "Mid Round", department: "Legal" });
    const renamed = tenant.users[50] as User;
    tenant.updateUser(renamed.id, { displayName: "Renamed Mid Round" });
    const rest = await deltaRound(first.body["@odata.nextLink"], token);
    const seen = [...first.body.value, ...rest.items];
    expect(seen.find((i) => i.id === hire.id)).toBeUndefined();
    expect(seen.find((i) => i.id === renamed.id)?.displayName).toBe(renamed.displayName);
    const next = merged((await deltaRound(rest.deltaLink, token)).items);
    expect(next.get(hire.id)).toMatchObject({ displayName: "Mid Round", department: "Legal" });
    expect(next.get(renamed.id)).toEqual({ id: renamed.id, displayName: "Renamed Mid Round" });
  });

  it("answers later rounds with only what changed, including both kinds of @removed", async () => {
    const base = await deltaRound(`${emu.url}${USERS_DELTA}`, token);
    const [moved, unmanaged, softDeleted, hardDeleted, restored, untracked] = leaves();
    const [newManager] = tenant.users.filter((u) => u.id !== moved?.id && u.id !== moved?.managerId);
    if (!moved || !unmanaged || !softDeleted || !hardDeleted || !restored || !untracked || !newManager) {
      throw new Error("the generated tenant is too small for this test");
    }
    const oldManager = unmanaged.managerId;
    const edited = tenant.updateUser(moved.id, { department: "Legal", jobTitle: "Counsel" });
    tenant.setManager(moved.id, newManager.id);
    tenant.setManager(unmanaged.id, null);
    tenant.softDeleteUser(softDeleted.id);
    tenant.hardDeleteUser(hardDeleted.id);
    tenant.softDeleteUser(restored.id);
    tenant.restoreUser(restored.id);
    tenant.updateUser(untracked.id, { jobTitle: "Not selected" });
    const hire = tenant.hireUser({ displayName: "New Hire", managerId: newManager.id });

    const round = await deltaRound(base.deltaLink, token);
    const byId = merged(round.items);
    const ref = (id: string) => ({ "@odata.type": "#microsoft.graph.user", id });
    expect(byId.get(moved.id)).toEqual({ id: moved.id, department: "Legal", "manager@delta": [ref(newManager.id)] });
    expect(byId.get(unmanaged.id)).toEqual({
      id: unmanaged.id,
      "manager@delta": [{ ...ref(oldManager as string), "@removed": { reason: "deleted" } }],
    });
    expect(byId.get(softDeleted.id)).toEqual({ id: softDeleted.id, "@removed": { reason: "changed" } });
    expect(byId.get(hardDeleted.id)).toEqual({ id: hardDeleted.id, "@removed": { reason: "deleted" } });
    expect(byId.get(restored.id)).toEqual({
      id: restored.id,
      displayName: restored.displayName,
      mail: restored.mail,
      department: restored.department,
      accountEnabled: restored.accountEnabled,
      "manager@delta": [ref(restored.managerId as string)],
    });
    expect(byId.get(hire.id)).toMatchObject({ displayName: "New Hire", "manager@delta": [ref(newManager.id)] });
    expect(byId.has(untracked.id)).toBe(false);
    expect(byId.size).toBe(6);
    expect(edited.jobTitle).toBe("Counsel");

    const quiet = await deltaRound(round.deltaLink, token);
    expect(quiet.items).toEqual([]);
  });

  it("rejects $top and $expand, and unknown properties", async () => {
    for (const query of ["$top=5", "$expand=manager", "$select=id,shoeSize"]) {
      const { status, body } = await graphGet(`${emu.url}/v1.0/users/delta?${query}`, token);
      expect(status).toBe(400);
      expect(body.error.code).toMatch(/^Request_/);
    }
  });

  it("gives a deltaLink without items for $deltatoken=latest", async () => {
    const { body } = await graphGet(`${emu.url}/v1.0/users/delta?$select=id,displayName&$deltatoken=latest`, token);
    expect(body.value).toEqual([]);
    const someone = tenant.users[3] as User;
    tenant.updateUser(someone.id, { displayName: "After latest" });
    const round = await deltaRound(body["@odata.deltaLink"], token);
    expect(round.items).toContainEqual({ id: someone.id, displayName: "After latest" });
  });
});

describe("groups delta", () => {
  it("lists every member in the first round, splitting big groups across items and pages", async () => {
    const round = await deltaRound(`${emu.url}${GROUPS_DELTA}`, token);
    const groupIds = new Set(tenant.groups.map((g) => g.id));
    const byId = merged(round.items);
    expect(new Set(byId.keys())).toEqual(groupIds);
    for (const group of tenant.groups) {
      const members = (byId.get(group.id)["members@delta"] ?? []) as any[];
      expect(new Set(members.map((m) => m.id))).toEqual(new Set(group.members));
      for (const member of members) {
        const type = groupIds.has(member.id) ? "#microsoft.graph.group" : "#microsoft.graph.user";
        expect(member["@odata.type"]).toBe(type);
      }
      expect(byId.get(group.id).displayName).toBe(group.displayName);
    }
    expect(tenant.groups.some((g) => g.members.some((m) => groupIds.has(m)))).toBe(true);
    // A split group's later parts carry only its id and a slice of the members.
    const parts = round.items.filter((i) => !("displayName" in i));
    expect(parts.length).toBeGreaterThan(0);
    for (const part of parts) expect(Object.keys(part).sort()).toEqual(["id", "members@delta"]);
    const pagesOf = (id: string) => new Set(round.pages.flatMap((page, n) => (page.some((i) => i.id === id) ? [n] : [])));
    expect(tenant.groups.some((g) => pagesOf(g.id).size > 1)).toBe(true);
  });

  it("answers later rounds with added and removed members, changed properties and deleted groups", async () => {
    const base = await deltaRound(`${emu.url}${GROUPS_DELTA}`, token);
    const roots = tenant.groups.filter((g) => !tenant.groups.some((p) => p.members.includes(g.id)));
    const [edited, renamed, removed] = roots;
    if (!edited || !renamed || !removed) throw new Error("the generated tenant has too few top-level groups");
    const outsider = tenant.users.find((u) => !edited.members.includes(u.id)) as User;
    const leaving = edited.members.find((m) => tenant.user(m)) as string;
    tenant.addMember(edited.id, outsider.id);
    tenant.removeMember(edited.id, leaving);
    tenant.addMember(edited.id, leaving);
    tenant.removeMember(edited.id, leaving);
    tenant.updateGroup(renamed.id, { displayName: "Renamed group" });
    tenant.deleteGroup(removed.id);
    const created = tenant.addGroup({ displayName: "Created", members: [outsider.id, renamed.id] });

    const byId = merged((await deltaRound(base.deltaLink, token)).items);
    const user = (id: string) => ({ "@odata.type": "#microsoft.graph.user", id });
    expect(byId.get(edited.id)).toEqual({
      id: edited.id,
      "members@delta": expect.arrayContaining([user(outsider.id), { ...user(leaving), "@removed": { reason: "deleted" } }]),
    });
    expect(byId.get(edited.id)["members@delta"]).toHaveLength(2);
    expect(byId.get(renamed.id)).toEqual({ id: renamed.id, displayName: "Renamed group" });
    expect(byId.get(removed.id)).toEqual({ id: removed.id, "@removed": { reason: "deleted" } });
    expect(byId.get(created.id)).toEqual({
      id: created.id,
      displayName: "Created",
      description: null,
      "members@delta": [user(outsider.id), { "@odata.type": "#microsoft.graph.group", id: renamed.id }],
    });
    expect(byId.size).toBe(4);
  });
});

describe("service principals delta", () => {
  it("lists every service principal first, then only those changed and @removed, not those whose owners alone changed", async () => {
    const owner = tenant.users[0] as User;
    const principals = Array.from({ length: 25 }, (_, i) => tenant.addServicePrincipal({ displayName: `App ${i}` }));
    const first = await deltaRound(`${emu.url}${SERVICE_PRINCIPALS_DELTA}`, token);
    expect(first.pages.length).toBeGreaterThanOrEqual(3);
    const whole = merged(first.items);
    expect(new Set(whole.keys())).toEqual(new Set(tenant.servicePrincipals.map((sp) => sp.id)));
    expect(whole.get(principals[0]!.id)).toEqual({ id: principals[0]!.id, appId: principals[0]!.appId, displayName: "App 0", accountEnabled: true });

    const quiet = await deltaRound(first.deltaLink, token);
    expect(quiet.items).toEqual([]);

    tenant.updateServicePrincipal(principals[1]!.id, { displayName: "App 1 renamed" });
    tenant.updateServicePrincipal(principals[2]!.id, { owners: [owner.id] });
    tenant.updateServicePrincipal(principals[3]!.id, { servicePrincipalType: "Application" });
    tenant.deleteServicePrincipal(principals[4]!.id);
    const added = tenant.addServicePrincipal({ displayName: "Newcomer" });
    const next = await deltaRound(quiet.deltaLink, token);
    expect(merged(next.items)).toEqual(
      new Map<string, object>([
        [principals[1]!.id, { id: principals[1]!.id, displayName: "App 1 renamed" }],
        [principals[4]!.id, { id: principals[4]!.id, "@removed": { reason: "deleted" } }],
        [added.id, { id: added.id, appId: added.appId, displayName: "Newcomer", accountEnabled: true }],
      ]),
    );
  });
});

describe("rounds kept between pages", () => {
  it("keeps a round being read while more than a thousand one-page lists are answered", async () => {
    const first = await graphGet(`${emu.url}${USERS_DELTA}`, token);
    const owners = `/servicePrincipals/${tenant.addServicePrincipal({ displayName: "Owned" }).id}/owners?$select=id`;
    const requests = Array.from({ length: 20 }, (_, i) => ({ id: String(i), method: "GET", url: owners }));
    for (let batch = 0; batch < 51; batch++) {
      const response = await fetch(`${emu.url}/v1.0/$batch`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ requests }),
      });
      expect(response.status).toBe(200);
    }
    const next = await graphGet(first.body["@odata.nextLink"], token);
    expect(next.status).toBe(200);
    expect(next.body.value.length).toBeGreaterThan(0);
  });
});

describe("expired delta tokens", () => {
  it("answers 400 syncStateNotFound", async () => {
    const { deltaLink } = await deltaRound(`${emu.url}${USERS_DELTA}`, token);
    emu.faults.expireDeltaTokens("syncStateNotFound");
    const { status, body } = await graphGet(deltaLink, token);
    expect(status).toBe(400);
    expect(body.error.code).toBe("syncStateNotFound");
  });

  it("answers 410 resyncRequired with a Location that starts a full round", async () => {
    const { deltaLink } = await deltaRound(`${emu.url}${GROUPS_DELTA}`, token);
    emu.faults.expireDeltaTokens("resyncRequired");
    const { status, headers, body } = await graphGet(deltaLink, token);
    expect(status).toBe(410);
    expect(body.error.code).toBe("resyncRequired");
    const location = headers.get("location") as string;
    expect(location).toMatch(new RegExp(`^${emu.url}/v1\\.0/groups/delta\\?\\$select=`));
    const fresh = merged((await deltaRound(location, token)).items);
    expect(new Set(fresh.keys())).toEqual(new Set(tenant.groups.map((g) => g.id)));
  });

  it("leaves tokens issued afterwards valid", async () => {
    const { deltaLink } = await deltaRound(`${emu.url}${USERS_DELTA}`, token);
    expect((await graphGet(deltaLink, token)).status).toBe(200);
  });
});

describe("lists and directory roles", () => {
  it("pages /users by $top with nextLinks, and caps $top at 999", async () => {
    const first = await graphGet(`${emu.url}/v1.0/users?$top=40&$select=id,userPrincipalName`, token);
    expect(first.body.value).toHaveLength(40);
    expect(Object.keys(first.body.value[0]).sort()).toEqual(["id", "userPrincipalName"]);
    const second = await graphGet(first.body["@odata.nextLink"], token);
    expect(second.body.value).toHaveLength(40);
    expect((await graphGet(`${emu.url}/v1.0/users?$top=1000`, token)).status).toBe(400);
  });

  it("lists directory roles and their members", async () => {
    const { body } = await graphGet(`${emu.url}/v1.0/directoryRoles?$select=id,displayName,roleTemplateId`, token);
    const globalAdmin = body.value.find((r: any) => r.roleTemplateId === "62e90394-69f5-4237-9190-012177145e10");
    expect(globalAdmin).toMatchObject({ displayName: "Global Administrator" });
    const members = await graphGet(`${emu.url}/v1.0/directoryRoles/${globalAdmin.id}/members?$select=id`, token);
    expect(members.body.value.map((m: any) => m.id).sort()).toEqual([...(tenant.role(globalAdmin.id)?.members ?? [])].sort());
    expect(members.body.value[0]["@odata.type"]).toBe("#microsoft.graph.user");
  });
});
