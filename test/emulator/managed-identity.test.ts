// The emulated managed identity endpoint, in App Service's style, as msal-node's
// ManagedIdentityApplication finds it through IDENTITY_ENDPOINT and IDENTITY_HEADER.
//
// msal chooses the endpoint once per process, at its first managed identity request, so the
// environment is set before any: this file's worker never asks the metadata address
// (169.254.169.254), which msal falls back to when those variables are missing.
import { ManagedIdentityApplication, ServerError } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEntraEmulator, type EntraEmulator } from "./server.js";
import type { Tenant } from "./tenant.js";
import type { ManagedIdentity } from "./types.js";

const TENANT = "33333333-3333-4333-8333-333333333333";
const USER_ASSIGNED = "44444444-4444-4444-8444-444444444444";
const NOT_ASSIGNED = "55555555-5555-4555-8555-555555555555";
const GRAPH = "https://graph.microsoft.com";

let emu: EntraEmulator;
let tenant: Tenant;
let system: ManagedIdentity;
let userAssigned: ManagedIdentity;

beforeAll(async () => {
  emu = await startEntraEmulator();
  Object.assign(process.env, emu.managedIdentity.environment);
  tenant = emu.addTenant({ tenantId: TENANT });
  system = emu.managedIdentity.assign(tenant, { permissions: ["User.Read.All", "Group.Read.All"] });
  userAssigned = emu.managedIdentity.assign(tenant, { clientId: USER_ASSIGNED, permissions: ["Directory.Read.All"] });
});

afterAll(() => emu.close());

const app = (clientId?: string) =>
  new ManagedIdentityApplication(clientId ? { managedIdentityIdParams: { userAssignedClientId: clientId } } : undefined);

describe("the managed identity endpoint", () => {
  it("is the one msal-node finds: App Service's, from the environment", () => {
    expect(app().getManagedIdentitySource()).toBe("AppService");
  });

  it("issues a Graph token to the system-assigned identity, with its app roles", async () => {
    const result = await app().acquireToken({ resource: GRAPH });
    expect(decodeJwt(result.accessToken)).toMatchObject({
      aud: GRAPH,
      tid: TENANT,
      appid: system.clientId,
      oid: system.servicePrincipalId,
      roles: ["User.Read.All", "Group.Read.All"],
    });
    expect(result.expiresOn!.getTime()).toBeGreaterThan(Date.now() + 3000_000);
    expect(tenant.servicePrincipal(system.servicePrincipalId)).toMatchObject({ servicePrincipalType: "ManagedIdentity" });
  });

  it("issues a token to a user-assigned identity named by its client id", async () => {
    const result = await app(USER_ASSIGNED).acquireToken({ resource: `${GRAPH}/.default` });
    expect(decodeJwt(result.accessToken)).toMatchObject({ appid: userAssigned.clientId, roles: ["Directory.Read.All"] });
    const asked = emu.requests.filter((r) => r.path === "/msi/token").at(-1);
    expect(Object.fromEntries(new URLSearchParams(asked?.query))).toEqual({
      "api-version": "2019-08-01",
      resource: GRAPH,
      client_id: USER_ASSIGNED,
    });
  });

  it("answers 400 'Unable to load the proper Managed Identity.' for an identity the resource does not have", async () => {
    const error = await app(NOT_ASSIGNED)
      .acquireToken({ resource: GRAPH })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(400);
    expect((error as ServerError).errorMessage).toContain("Unable to load the proper Managed Identity.");
  });

  it("answers in App Service's shape, and refuses a caller without the identity header", async () => {
    const { IDENTITY_ENDPOINT, IDENTITY_HEADER } = emu.managedIdentity.environment;
    expect(new URL(IDENTITY_ENDPOINT).hostname).toBe("127.0.0.1");
    const url = `${IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=${encodeURIComponent(GRAPH)}`;
    const ok = await fetch(url, { headers: { "X-IDENTITY-HEADER": IDENTITY_HEADER } });
    const body = (await ok.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["access_token", "client_id", "expires_on", "resource", "token_type"]);
    expect(body).toMatchObject({ token_type: "Bearer", resource: GRAPH, client_id: system.clientId, expires_on: expect.stringMatching(/^\d+$/) });
    const refused = await fetch(url);
    expect(refused.status).toBe(401);
  });

  it("passes Entra's refusal through for a resource that is not Graph", async () => {
    const error = await app(USER_ASSIGNED)
      .acquireToken({ resource: "https://vault.azure.net" })
      .catch((e: unknown) => e);
    expect((error as ServerError).errorMessage).toContain("AADSTS500011");
  });
});
