// "Test Connection" against the emulator: authentication first, then one verdict per permission.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { permissionReading, testConnection, type ConnectionTestOptions } from "../../src/entra/connection-test.js";
import { createTokenSource } from "../../src/entra/credentials.js";
import { DIRECTORY_RESOURCES } from "../../src/entra/graph-permissions.js";
import { startEntraEmulator, type EntraEmulator } from "../emulator/server.js";
import type { Tenant } from "../emulator/tenant.js";

const TENANT = "11111111-1111-4111-8111-111111111111";
const SECRET = "Xy8Q~correct-horse-battery-staple";

let emu: EntraEmulator;
let tenant: Tenant;

beforeAll(async () => {
  emu = await startEntraEmulator();
  tenant = emu.addTenant({ tenantId: TENANT });
});

afterAll(() => emu.close());

let appCount = 0;

/** Registers a fresh app and tests a connection with it (fresh msal client each time). */
async function connectWith(
  app: { permissions: string[]; adminConsent?: boolean },
  secret = SECRET,
  options?: ConnectionTestOptions,
) {
  const clientId = `aaaaaaaa-aaaa-4aaa-8aaa-${String(++appCount).padStart(12, "0")}`;
  tenant.registerApp({ clientId, secret: SECRET, ...app });
  const tokens = createTokenSource({
    tenantId: TENANT,
    clientId,
    credential: { kind: "CLIENT_SECRET", clientSecret: secret },
    authorityHost: emu.url,
    graphBaseUrl: emu.url,
  });
  return testConnection(tokens, emu.url, options);
}

describe("the permission each part of the directory needs", () => {
  it("is named by one of the connection test's requirements for every part the sync may skip", () => {
    expect(Object.fromEntries(DIRECTORY_RESOURCES.map((resource) => [resource, permissionReading(resource)]))).toEqual({
      users: "User.Read.All",
      groups: "Group.Read.All",
      roleAssignments: "RoleManagement.Read.Directory",
      roleEligibilities: "RoleEligibilitySchedule.Read.Directory",
      servicePrincipals: "Application.Read.All",
      appAssignments: "Application.Read.All",
      deletedUsers: "User.Read.All",
    });
  });
});

describe("testConnection", () => {
  it("confirms every permission when each is granted, core, recommended and optional ones", async () => {
    const report = await connectWith({
      permissions: [
        "User.Read.All",
        "Group.Read.All",
        "RoleManagement.Read.Directory",
        "RoleEligibilitySchedule.Read.Directory",
        "Application.Read.All",
        "AuditLog.Read.All",
      ],
    });
    expect(report).toMatchObject({ authenticated: true, tenantId: TENANT });
    expect(report.error).toBeUndefined();
    expect(report.checks).toEqual([
      { permission: "User.Read.All", tier: "CORE", granted: true, message: "User.Read.All is granted.", hint: null },
      { permission: "Group.Read.All", tier: "CORE", granted: true, message: "Group.Read.All is granted.", hint: null },
      {
        permission: "RoleManagement.Read.Directory",
        tier: "RECOMMENDED",
        granted: true,
        message: "RoleManagement.Read.Directory is granted.",
        hint: null,
      },
      {
        permission: "RoleEligibilitySchedule.Read.Directory",
        tier: "RECOMMENDED",
        granted: true,
        message: "RoleEligibilitySchedule.Read.Directory is granted.",
        hint: null,
      },
      { permission: "Application.Read.All", tier: "RECOMMENDED", granted: true, message: "Application.Read.All is granted.", hint: null },
      { permission: "AuditLog.Read.All", tier: "OPTIONAL", granted: true, message: "AuditLog.Read.All is granted.", hint: null },
    ]);
  });

  it("counts Directory.Read.All as reading role assignments, but not eligibilities, which RoleManagement.Read.Directory reads", async () => {
    const directory = await connectWith({ permissions: ["Directory.Read.All"] });
    expect(directory.checks[2]).toMatchObject({
      permission: "RoleManagement.Read.Directory",
      granted: true,
      message: "RoleManagement.Read.Directory is granted through Directory.Read.All, which also lets directory data be read.",
    });
    expect(directory.checks[3]).toMatchObject({
      permission: "RoleEligibilitySchedule.Read.Directory",
      granted: false,
      message:
        "RoleEligibilitySchedule.Read.Directory is not granted, so roles people may activate in Privileged Identity Management (eligible assignments) will not sync.",
    });
    const roleManagement = await connectWith({ permissions: ["RoleManagement.Read.Directory"] });
    expect(roleManagement.checks.slice(2, 4).map((check) => [check.permission, check.granted])).toEqual([
      ["RoleManagement.Read.Directory", true],
      ["RoleEligibilitySchedule.Read.Directory", true],
    ]);
  });

  it("grants eligibilities in a tenant without Entra ID P2, saying there is nothing to read", async () => {
    tenant.roleManagement.entraIdP2 = false;
    try {
      const report = await connectWith({ permissions: ["RoleEligibilitySchedule.Read.Directory"] });
      expect(report.checks[3]).toMatchObject({ permission: "RoleEligibilitySchedule.Read.Directory", granted: true, hint: null });
      expect(report.checks[3]?.message).toMatch(/is granted; the tenant has no Microsoft Entra ID P2 \(or Governance\) licence/);
    } finally {
      tenant.roleManagement.entraIdP2 = true;
    }
  });

  it("reports AuditLog.Read.All as optional and missing, and granted with nothing to read in a tenant without Entra ID P1", async () => {
    const without = await connectWith({ permissions: ["User.Read.All"] });
    expect(without.checks[5]).toEqual({
      permission: "AuditLog.Read.All",
      tier: "OPTIONAL",
      granted: false,
      message: "AuditLog.Read.All is not granted, so users' last sign-ins will be unknown and the access review will not find inactive accounts.",
      hint: expect.stringMatching(/add the Microsoft Graph application permissions AuditLog\.Read\.All under API permissions/),
    });
    tenant.signInActivity.entraIdP1 = false;
    try {
      const unlicensed = await connectWith({ permissions: ["User.Read.All", "AuditLog.Read.All"] });
      expect(unlicensed.checks[5]).toMatchObject({ permission: "AuditLog.Read.All", granted: true, hint: null });
      expect(unlicensed.checks[5]?.message).toMatch(/is granted; the tenant has no Microsoft Entra ID P1 or P2 licence/);
    } finally {
      tenant.signInActivity.entraIdP1 = true;
    }
  });

  it("says admin consent was not granted when the token has no roles", async () => {
    const report = await connectWith({ permissions: ["User.Read.All", "Group.Read.All"], adminConsent: false });
    expect(report.authenticated).toBe(true);
    expect(report.checks).toHaveLength(6);
    for (const check of report.checks) {
      expect(check.granted).toBe(false);
      expect(check.message).toMatch(/admin consent was not granted \(only requested\)/);
      expect(check.hint).toContain(`add the Microsoft Graph application permissions ${check.permission} under API permissions and click Grant admin consent`);
    }
    expect(report.checks[0]?.message).toMatch(/users will not appear/);
  });

  it("names the missing permission and leaves the others granted", async () => {
    const report = await connectWith({ permissions: ["User.Read.All"] });
    expect(report.authenticated).toBe(true);
    const [users, groups, roles] = report.checks;
    expect(users).toMatchObject({ permission: "User.Read.All", granted: true, hint: null });
    expect(groups).toMatchObject({ permission: "Group.Read.All", granted: false });
    expect(groups?.message).toBe("Group.Read.All is not granted, so groups will not sync.");
    expect(groups?.hint).toMatch(/add the Microsoft Graph application permissions Group\.Read\.All under API permissions/);
    expect(groups?.hint).toMatch(/Grant admin consent/);
    expect(roles).toMatchObject({ permission: "RoleManagement.Read.Directory", tier: "RECOMMENDED", granted: false });
    expect(report.checks[4]).toMatchObject({ permission: "Application.Read.All", tier: "RECOMMENDED", granted: false });
    expect(report.checks[4]?.message).toMatch(/^Application\.Read\.All is not granted, so service principals will not sync: .*NHI or OBO/);
  });

  it("counts Directory.Read.All as letting users and groups be read", async () => {
    const report = await connectWith({ permissions: ["Directory.Read.All"] });
    expect(report.checks.slice(0, 3).every((check) => check.granted)).toBe(true);
    expect(report.checks[0]?.message).toBe(
      "User.Read.All is granted through Directory.Read.All, which also lets users be read.",
    );
    expect(report.checks[1]?.message).toBe(
      "Group.Read.All is granted through Directory.Read.All, which also lets groups be read.",
    );
    expect(report.checks[4]).toMatchObject({
      permission: "Application.Read.All",
      granted: true,
      message: "Application.Read.All is granted through Directory.Read.All, which also lets service principals be read.",
    });
  });

  it("confirms what the roles claim says with one cheap probe per permission", async () => {
    const before = emu.requests.length;
    await connectWith({ permissions: ["User.Read.All", "Group.Read.All"] });
    // No role permission is in the roles claim: no probe is needed to know that.
    await expect
      .poll(() =>
        emu.requests
          .slice(before)
          .filter((r) => r.path.startsWith("/v1.0/"))
          .map((r) => `${r.path}${decodeURIComponent(r.query)}`)
          .sort(),
      )
      .toEqual(["/v1.0/groups?$top=1&$select=id", "/v1.0/users?$top=1&$select=id"]);
  });

  it("does not claim a permission whose probe Graph could not answer", async () => {
    emu.faults.unavailable(1, 500, undefined, { pathPrefix: "/v1.0/groups" });
    const report = await connectWith({ permissions: ["User.Read.All", "Group.Read.All"] });
    expect(report.checks[0]?.granted).toBe(true);
    expect(report.checks[1]).toMatchObject({ permission: "Group.Read.All", granted: false });
    expect(report.checks[1]?.message).toMatch(/could not be confirmed: .*500 generalException/);
    expect(report.checks[1]?.hint).toMatch(/again in a few minutes/);
  });

  it("does not claim a permission whose probe Graph never answers, and gives up within the probe's deadline", async () => {
    emu.faults.hang(3, { pathPrefix: "/v1.0/groups" });
    const report = await connectWith({ permissions: ["User.Read.All", "Group.Read.All"] }, SECRET, {
      deadlines: { headersMs: 200, bodyMs: 200 },
    });
    expect(report.checks[0]?.granted).toBe(true);
    expect(report.checks[1]).toMatchObject({ permission: "Group.Read.All", granted: false });
    expect(report.checks[1]?.message).toMatch(/could not be confirmed: Microsoft Graph did not answer in time \(\/v1\.0\/groups\) after 3 attempts/);
  });

  it("reports a refused authentication and checks nothing else", async () => {
    const report = await connectWith({ permissions: ["User.Read.All"] }, "Xy8Q~a-wrong-secret-value-entirely");
    expect(report).toEqual({
      authenticated: false,
      error: {
        reason: "WRONG_SECRET",
        aadsts: "AADSTS7000215",
        message: expect.stringMatching(/client secret is not valid/),
        hint: "Verify the Client Secret: paste the secret value, not its ID.",
      },
      checks: [],
    });
  });
});
