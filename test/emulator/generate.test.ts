// The synthetic tenant generator: repeatable, and shaped like a real directory.
import { describe, expect, it } from "vitest";
import { generateTenant, ROLE_TEMPLATES } from "./generate.js";
import { Tenant } from "./tenant.js";
import type { Directory, User } from "./types.js";

const options = { seed: 11, users: 5000, groups: 400 };

function chainLength(users: ReadonlyMap<string, User>, user: User): number {
  let length = 1;
  for (let at = user; at.managerId !== null; at = users.get(at.managerId) as User) {
    length++;
    if (length > users.size) throw new Error("management cycle");
  }
  return length;
}

function ratio(directory: Directory, test: (u: User) => boolean): number {
  return directory.users.filter(test).length / directory.users.length;
}

describe("generateTenant", () => {
  const directory = generateTenant(options);

  it("is deterministic from the seed", () => {
    expect(generateTenant(options)).toEqual(directory);
    expect(generateTenant({ ...options, seed: 12 }).users[0]?.id).not.toBe(directory.users[0]?.id);
  });

  it("builds a management chain exactly managementDepth levels deep", () => {
    const users = new Map(directory.users.map((u) => [u.id, u]));
    const depths = directory.users.map((u) => chainLength(users, u));
    expect(Math.max(...depths)).toBe(6);
    const shallow = generateTenant({ ...options, users: 300, managementDepth: 3 });
    const shallowUsers = new Map(shallow.users.map((u) => [u.id, u]));
    expect(Math.max(...shallow.users.map((u) => chainLength(shallowUsers, u)))).toBe(3);
  });

  it("has disabled users, users without mail, and guests in the asked ratios", () => {
    expect(ratio(directory, (u) => !u.accountEnabled)).toBeCloseTo(0.02, 1);
    expect(ratio(directory, (u) => u.mail === null)).toBeCloseTo(0.05, 1);
    expect(ratio(directory, (u) => u.userType === "Guest")).toBeCloseTo(0.03, 1);
    for (const user of directory.users.filter((u) => u.mail === null)) {
      expect(user.userPrincipalName).toMatch(/@contoso\.com$/);
    }
    const guest = directory.users.find((u) => u.userType === "Guest") as User;
    expect(guest.userPrincipalName).toContain("#EXT#@contoso.onmicrosoft.com");
    expect(directory.users.some((u) => u.proxyAddresses.some((a) => a.startsWith("smtp:")))).toBe(true);
    expect(new Set(directory.users.map((u) => u.userPrincipalName)).size).toBe(directory.users.length);
  });

  it("makes groups of all four kinds, nested without cycles", () => {
    const kinds = new Set(
      directory.groups.map((g) =>
        g.groupTypes.includes("Unified")
          ? "microsoft365"
          : g.mailEnabled && g.securityEnabled
            ? "mailEnabledSecurity"
            : g.mailEnabled
              ? "distribution"
              : "security",
      ),
    );
    expect(kinds).toEqual(new Set(["microsoft365", "mailEnabledSecurity", "distribution", "security"]));
    const groupIds = new Set(directory.groups.map((g) => g.id));
    expect(directory.groups.some((g) => g.members.some((m) => groupIds.has(m)))).toBe(true);
    // The Tenant constructor checks every member exists; adding a parent into its own child must fail.
    const tenant = new Tenant({ tenantId: "t", directory });
    const parent = directory.groups.find((g) => g.members.some((m) => groupIds.has(m)));
    const child = parent?.members.find((m) => groupIds.has(m)) as string;
    expect(() => tenant.addMember(child, parent?.id as string)).toThrow(/cycle/);
  });

  it("assigns directory roles by their real template ids", () => {
    const globalAdmin = directory.roles.find((r) => r.roleTemplateId === ROLE_TEMPLATES.globalAdministrator.roleTemplateId);
    expect(globalAdmin?.members.length).toBeGreaterThan(0);
    expect(directory.roles.map((r) => r.roleTemplateId)).toContain("fe930be7-5e62-47db-91af-98c3a49a38b1");
  });
});
