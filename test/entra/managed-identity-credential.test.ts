// Managed identity credentials through real msal-node against the emulated App Service identity
// endpoint: tokens for the system- and user-assigned identities, and each failure.
//
// msal-node picks the endpoint, and keeps the network module (with its deadline) of the first
// managed identity app, once per process: the environment is set before any request, so this
// worker never asks the metadata address 169.254.169.254, and every source here shares one deadline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConnection } from "../../src/entra/connection-test.js";
import { createTokenSource, EntraAuthError } from "../../src/entra/credentials.js";
import { startEntraEmulator, type EntraEmulator } from "../emulator/server.js";
import type { Tenant } from "../emulator/tenant.js";
import { tokenRefusal } from "./token-refusal.js";

const TENANT = "33333333-3333-4333-8333-333333333333";
const USER_ASSIGNED = "44444444-4444-4444-8444-444444444444";
const DEADLINE_MS = 1_000;

let emu: EntraEmulator;
let tenant: Tenant;
let identities = 0;

beforeAll(async () => {
  emu = await startEntraEmulator();
  Object.assign(process.env, emu.managedIdentity.environment);
  tenant = emu.addTenant({ tenantId: TENANT });
  emu.managedIdentity.assign(tenant, { permissions: ["User.Read.All", "Group.Read.All", "Directory.Read.All"] });
  emu.managedIdentity.assign(tenant, { clientId: USER_ASSIGNED, permissions: ["User.Read.All"] });
});

afterAll(() => emu.close());

function source(clientId?: string) {
  return createTokenSource({
    tenantId: TENANT,
    clientId: clientId ?? "",
    credential: clientId ? { kind: "MANAGED_IDENTITY", clientId } : { kind: "MANAGED_IDENTITY" },
    authorityHost: emu.url,
    graphBaseUrl: emu.url,
    tokenTimeoutMs: DEADLINE_MS,
  });
}

/** A user-assigned identity of its own, so that no token of it sits in msal's process-wide cache. */
function freshIdentity(): string {
  const clientId = `66666666-6666-4666-8666-${String(++identities).padStart(12, "0")}`;
  emu.managedIdentity.assign(tenant, { clientId, permissions: ["User.Read.All"] });
  return clientId;
}

function refusal(clientId?: string): Promise<EntraAuthError> {
  return tokenRefusal(source(clientId));
}

describe("a managed identity credential", () => {
  it("gets a Graph token for the system-assigned identity, with its app roles and tenant", async () => {
    const token = await source().getToken();
    expect(token).toMatchObject({ tenantId: TENANT, roles: ["User.Read.All", "Group.Read.All", "Directory.Read.All"] });
  });

  it("gets a Graph token for a user-assigned identity named by its client id", async () => {
    const token = await source(USER_ASSIGNED).getToken();
    expect(token.roles).toEqual(["User.Read.All"]);
  });

  it("is told, lacking an app role, to have it assigned: a managed identity has no consent page", async () => {
    const clientId = "88888888-8888-4888-8888-888888888888";
    emu.managedIdentity.assign(tenant, { clientId, permissions: [] });
    const bare = await testConnection(source(clientId), emu.url);
    expect(bare.checks[0]).toMatchObject({ permission: "User.Read.All", granted: false });
    expect(bare.checks[0]?.message).toBe("User.Read.All: the managed identity holds no Microsoft Graph app role, so users will not appear.");
    for (const check of bare.checks) {
      expect(check.hint).toMatch(/^A managed identity has no API permissions page and no consent: assign it Microsoft Graph's app roles /);
      expect(check.hint).toContain("/appRoleAssignments");
      expect(check.hint).not.toMatch(/Grant admin consent/);
    }
    const usersOnly = await testConnection(source(freshIdentity()), emu.url);
    expect(usersOnly.checks[1]).toMatchObject({ permission: "Group.Read.All", granted: false });
    expect(usersOnly.checks[1]?.hint).toMatch(/assign it Microsoft Graph's app roles Group\.Read\.All/);
  });

  it("reports an identity this resource does not have", async () => {
    const error = await refusal("77777777-7777-4777-8777-777777777777");
    expect(error).toMatchObject({ reason: "MANAGED_IDENTITY_NOT_ASSIGNED", aadsts: undefined });
    expect(error.message).toBe(
      "Authentication failed: this resource has no such managed identity. The managed identity endpoint said: Unable to load the proper Managed Identity.",
    );
    expect(error.hint).toMatch(/Turn the system-assigned identity on .* add the user-assigned identity with this client id/);
  });

  it("reports an endpoint that drops the connection as unreachable", async () => {
    emu.faults.dropConnections(1, { pathPrefix: "/msi/" });
    const error = await refusal(freshIdentity());
    const { host } = new URL(emu.managedIdentity.environment.IDENTITY_ENDPOINT);
    expect(error).toMatchObject({ reason: "UNREACHABLE", aadsts: undefined });
    expect(error.message).toBe(`The managed identity endpoint at ${host} could not be reached or is unavailable.`);
    expect(error.hint).toMatch(/IDENTITY_ENDPOINT and IDENTITY_HEADER/);
  });

  it("reports an endpoint that never answers as unreachable once its deadline passes", async () => {
    emu.faults.hang(1, { pathPrefix: "/msi/" });
    const error = await refusal(freshIdentity());
    const { host } = new URL(emu.managedIdentity.environment.IDENTITY_ENDPOINT);
    expect(error).toMatchObject({ reason: "UNREACHABLE" });
    expect(error.message).toBe(`The managed identity endpoint at ${host} did not answer within 1 s.`);
    await expect.poll(() => emu.requests.filter((r) => r.path === "/msi/token").at(-1)?.status).toBe(0);
  });
});
