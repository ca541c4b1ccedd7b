// Property test: a client applying delta rounds by the rules ends up with the tenant's exact state.
import { afterAll, beforeAll, expect, it } from "vitest";
import { generateTenant } from "./generate.js";
import { startEntraEmulator, type EntraEmulator } from "./server.js";
import { acquireToken, deltaRound } from "./support.js";
import type { Tenant } from "./tenant.js";

const TENANT = "77777777-7777-4777-8777-777777777777";
const APP = "88888888-8888-4888-8888-888888888888";
const USER_FIELDS = ["displayName", "mail", "jobTitle", "department", "accountEnabled", "otherMails", "proxyAddresses"];
const GROUP_FIELDS = ["displayName", "description"];

let emu: EntraEmulator;
let tenant: Tenant;
let token: string;

beforeAll(async () => {
  emu = await startEntraEmulator({ pageSize: 25, memberPageSize: 7 });
  tenant = emu.addTenant({
    tenantId: TENANT,
    domains: ["contoso.com"],
    directory: generateTenant({ seed: 3, users: 300, groups: 40, nestedGroupRatio: 0.3 }),
  });
  tenant.registerApp({ clientId: APP, secret: "s3cret", permissions: ["Directory.Read.All"] });
  token = await acquireToken(emu, TENANT, APP, "s3cret");
});

afterAll(() => emu.close());

type Mirror = Map<string, Record<string, any>>;

function applyUsers(mirror: Mirror, items: readonly any[]): void {
  for (const item of items) {
    if (item["@removed"]) {
      mirror.delete(item.id);
      continue;
    }
    const { "manager@delta": manager, ...props } = item;
    const user = { managerId: null, ...mirror.get(item.id), ...props };
    for (const ref of manager ?? []) {
      if (!ref["@removed"]) user.managerId = ref.id;
      else if (user.managerId === ref.id) user.managerId = null;
    }
    mirror.set(item.id, user);
  }
}

function applyGroups(mirror: Mirror, items: readonly any[]): void {
  for (const item of items) {
    if (item["@removed"]) {
      mirror.delete(item.id);
      continue;
    }
    const { "members@delta": members, ...props } = item;
    const group = { members: new Set<string>(), ...mirror.get(item.id), ...props };
    for (const ref of members ?? []) {
      if (ref["@removed"]) group.members.delete(ref.id);
      else group.members.add(ref.id);
    }
    mirror.set(item.id, group);
  }
}

function expectMirrored(users: Mirror, groups: Mirror): void {
  expect(new Set(users.keys())).toEqual(new Set(tenant.users.map((u) => u.id)));
  for (const user of tenant.users) {
    const copy = users.get(user.id) as Record<string, unknown>;
    for (const field of USER_FIELDS) expect(copy[field], `${user.id}.${field}`).toEqual(user[field as keyof typeof user]);
    expect(copy.managerId, `${user.id}.manager`).toBe(user.managerId);
  }
  expect(new Set(groups.keys())).toEqual(new Set(tenant.groups.map((g) => g.id)));
  for (const group of tenant.groups) {
    const copy = groups.get(group.id) as Record<string, any>;
    for (const field of GROUP_FIELDS) expect(copy[field], `${group.id}.${field}`).toEqual(group[field as keyof typeof group]);
    expect(copy.members, `${group.id}.members`).toEqual(new Set(group.members));
  }
}

it("keeps a delta-fed mirror equal to the tenant through rounds of random changes", async () => {
  const usersUrl = `${emu.url}/v1.0/users/delta?$select=id,${USER_FIELDS.join(",")},manager`;
  const groupsUrl = `${emu.url}/v1.0/groups/delta?$select=id,${GROUP_FIELDS.join(",")},members`;
  const users: Mirror = new Map();
  const groups: Mirror = new Map();
  let usersRound = await deltaRound(usersUrl, token);
  let groupsRound = await deltaRound(groupsUrl, token);
  applyUsers(users, usersRound.items);
  applyGroups(groups, groupsRound.items);
  expectMirrored(users, groups);
  for (let seed = 1; seed <= 5; seed++) {
    tenant.randomChanges(seed, 150);
    usersRound = await deltaRound(usersRound.deltaLink, token);
    groupsRound = await deltaRound(groupsRound.deltaLink, token);
    applyUsers(users, usersRound.items);
    applyGroups(groups, groupsRound.items);
    expectMirrored(users, groups);
  }
});
