// The emulator's token endpoint as msal-node 7 sees it: tokens, claims and each AADSTS refusal.
import { AuthError, ServerError } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEntraEmulator, type EntraEmulator } from "./server.js";
import { acquireToken, graphGet, GRAPH_SCOPE, msalClient } from "./support.js";
import type { Tenant } from "./tenant.js";

const TENANT = "11111111-1111-4111-8111-111111111111";
const OTHER_TENANT = "22222222-2222-4222-8222-222222222222";
const APP = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const NO_CONSENT_APP = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const EXPIRED_APP = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";
const FOREIGN_MULTI_APP = "dddddddd-dddd-4ddd-8ddd-dddddddddddd";
const FOREIGN_SINGLE_APP = "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee";
const UNKNOWN_APP = "ffffffff-ffff-4fff-8fff-ffffffffffff";

let emu: EntraEmulator;
let tenant: Tenant;

beforeAll(async () => {
  emu = await startEntraEmulator();
  tenant = emu.addTenant({ tenantId: TENANT, domains: ["contoso.com"] });
  tenant.registerApp({ clientId: APP, secret: "s3cret", permissions: ["User.Read.All", "Group.Read.All", "Directory.Read.All"] });
  tenant.registerApp({ clientId: NO_CONSENT_APP, secret: "s3cret", permissions: ["User.Read.All"], adminConsent: false });
  tenant.registerApp({ clientId: EXPIRED_APP, secret: "old", secretExpired: true });
  const other = emu.addTenant({ tenantId: OTHER_TENANT, domains: ["fabrikam.com"] });
  other.registerApp({ clientId: FOREIGN_MULTI_APP, secret: "s3cret" });
  other.registerApp({ clientId: FOREIGN_SINGLE_APP, secret: "s3cret", multiTenant: false });
});

afterAll(() => emu.close());

describe("client credentials through msal-node", () => {
  it("issues a Graph token whose roles claim lists the granted permissions", async () => {
    const result = await msalClient(emu, TENANT, APP, "s3cret").acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
    const claims = decodeJwt(result?.accessToken ?? "");
    expect(claims).toMatchObject({
      aud: "https://graph.microsoft.com",
      tid: TENANT,
      appid: APP,
      iss: `https://sts.windows.net/${TENANT}/`,
      roles: ["User.Read.All", "Group.Read.All", "Directory.Read.All"],
    });
    expect(claims.oid).toBe(tenant.app(APP)?.servicePrincipalId);
    expect((claims.exp ?? 0) - Math.floor(Date.now() / 1000)).toBeGreaterThan(3500);
    // msal takes tenantId from an id token, and client credentials get none: it is always "".
    expect(result?.tenantId).toBe("");
  });

  it("accepts the tenant's domain as the authority, and the emulator origin as the Graph resource", async () => {
    const result = await msalClient(emu, "contoso.com", APP, "s3cret").acquireTokenByClientCredential({
      scopes: [`${emu.url}/.default`],
    });
    expect(decodeJwt(result?.accessToken ?? "").tid).toBe(TENANT);
  });

  it("issues a token without any roles claim when admin consent is missing, and Graph refuses it", async () => {
    const token = await acquireToken(emu, TENANT, NO_CONSENT_APP, "s3cret");
    expect(decodeJwt(token)).not.toHaveProperty("roles");
    const { status, body } = await graphGet(`${emu.url}/v1.0/users?$top=1&$select=id`, token);
    expect(status).toBe(403);
    expect(body.error).toMatchObject({
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges to complete the operation.",
    });
    expect(body.error.innerError).toHaveProperty("request-id");
  });

  it("answers a plain fetch over TLS too (the worker trusts the test CA)", async () => {
    const response = await fetch(`${emu.url}/${TENANT}/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      issuer: `${emu.url}/${TENANT}/v2.0`,
      token_endpoint: `${emu.url}/${TENANT}/oauth2/v2.0/token`,
    });
  });
});

describe("refusals", () => {
  async function refusal(tenantId: string, clientId: string, secret: string, discovery: "openid" | "metadata" = "metadata") {
    const error = await msalClient(emu, tenantId, clientId, secret, discovery)
      .acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(AuthError);
    return error as ServerError;
  }

  it.each([
    ["unknown tenant", "99999999-9999-4999-8999-999999999999", APP, "s3cret", 400, "invalid_request", 90002],
    ["unknown client", TENANT, UNKNOWN_APP, "s3cret", 400, "unauthorized_client", 700016],
    ["single-tenant app of another tenant", TENANT, FOREIGN_SINGLE_APP, "s3cret", 400, "unauthorized_client", 700016],
    ["wrong secret", TENANT, APP, "wrong", 401, "invalid_client", 7000215],
    ["expired secret", TENANT, EXPIRED_APP, "old", 401, "invalid_client", 7000222],
    ["multi-tenant app without a service principal here", TENANT, FOREIGN_MULTI_APP, "s3cret", 401, "invalid_client", 7000229],
  ] as const)("%s surfaces as a ServerError carrying its AADSTS code", async (_case, tenantId, clientId, secret, status, code, aadsts) => {
    const error = await refusal(tenantId, clientId, secret);
    expect(error).toBeInstanceOf(ServerError);
    expect({ errorCode: error.errorCode, errorNo: error.errorNo, status: error.status }).toEqual({
      errorCode: code,
      errorNo: aadsts,
      status,
    });
    expect(error.errorMessage).toContain(`AADSTS${aadsts}: `);
    expect(error.message).toContain(`AADSTS${aadsts}`);
  });

  it("an unknown tenant hides its AADSTS code when msal discovers the endpoints itself", async () => {
    const error = await refusal("nowhere.example", APP, "s3cret", "openid");
    expect(error).not.toBeInstanceOf(ServerError);
    expect(error.errorCode).toBe("endpoints_resolution_error");
    const response = await fetch(`${emu.url}/nowhere.example/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_tenant", error_codes: [90002] });
  });

  it("answers the raw token endpoint with Entra's error body", async () => {
    const response = await fetch(`${emu.url}/${TENANT}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "client-request-id": "corr-1" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: APP, client_secret: "nope", scope: GRAPH_SCOPE }),
    });
    expect(response.status).toBe(401);
    const body: any = await response.json();
    expect(body).toMatchObject({ error: "invalid_client", error_codes: [7000215], correlation_id: "corr-1" });
    expect(body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining(["error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id"]),
    );
  });

  it("Graph refuses a missing or foreign token with 401 InvalidAuthenticationToken", async () => {
    const missing = await fetch(`${emu.url}/v1.0/users`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as any).error.code).toBe("InvalidAuthenticationToken");
    const forged = await graphGet(`${emu.url}/v1.0/users`, "eyJhbGciOiJIUzI1NiJ9.eyJ0aWQiOiJ4In0.c2ln");
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe("InvalidAuthenticationToken");
  });
});
