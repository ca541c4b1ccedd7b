// Client-secret tokens from the emulated Entra token endpoint through real msal-node, and each
// refusal translated into the product's troubleshooting advice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenSource, EntraAuthError, type TokenSourceOptions } from "../../src/entra/credentials.js";
import { TOKEN_DEADLINE_MS } from "../../src/entra/deadline-fetch.js";
import { tokenRefusal } from "./token-refusal.js";
import { startEntraEmulator, type EntraEmulator } from "../emulator/server.js";

const TENANT = "11111111-1111-4111-8111-111111111111";
const OTHER_TENANT = "22222222-2222-4222-8222-222222222222";
const APP = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const EXPIRED_APP = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";
const FOREIGN_APP = "dddddddd-dddd-4ddd-8ddd-dddddddddddd";
const UNKNOWN_APP = "ffffffff-ffff-4fff-8fff-ffffffffffff";
const SECRET = "Xy8Q~correct-horse-battery-staple";
const WRONG_SECRET = "Xy8Q~not-the-right-one-at-all-000";

let emu: EntraEmulator;

beforeAll(async () => {
  emu = await startEntraEmulator();
  const tenant = emu.addTenant({ tenantId: TENANT, domains: ["contoso.com"] });
  tenant.registerApp({ clientId: APP, secret: SECRET, permissions: ["User.Read.All", "Group.Read.All"] });
  tenant.registerApp({ clientId: EXPIRED_APP, secret: SECRET, secretExpired: true });
  emu.addTenant({ tenantId: OTHER_TENANT }).registerApp({ clientId: FOREIGN_APP, secret: SECRET });
});

afterAll(() => emu.close());

// A fresh msal client per call: msal caches tokens and throttles locally after errors.
function source(overrides: Partial<TokenSourceOptions> = {}, clientSecret = SECRET) {
  return createTokenSource({
    tenantId: TENANT,
    clientId: APP,
    credential: { kind: "CLIENT_SECRET", clientSecret },
    authorityHost: emu.url,
    graphBaseUrl: emu.url,
    ...overrides,
  });
}

function refusal(overrides: Partial<TokenSourceOptions>, clientSecret = SECRET): Promise<EntraAuthError> {
  return tokenRefusal(source(overrides, clientSecret), [clientSecret]);
}

describe("createTokenSource", () => {
  it("gets a Graph token with the granted roles and the tenant id, and reuses it", async () => {
    const tokens = source();
    const before = emu.requests.length;
    const token = await tokens.getToken();
    expect(token.roles).toEqual(["User.Read.All", "Group.Read.All"]);
    expect(token.tenantId).toBe(TENANT);
    expect(token.accessToken.split(".")).toHaveLength(3);
    expect(token.expiresOn.getTime()).toBeGreaterThan(Date.now() + 3000_000);

    expect((await tokens.getToken()).accessToken).toBe(token.accessToken);
    // One token request, and no instance or OpenID discovery round-trips. (The emulator
    // records a request once its response has closed, a moment after the client has it.)
    await expect.poll(() => emu.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /${TENANT}/oauth2/v2.0/token`,
    ]);
  });

  it("accepts the tenant's domain name as the Tenant ID", async () => {
    expect((await source({ tenantId: "contoso.com" }).getToken()).tenantId).toBe(TENANT);
  });

  it("reports an unknown tenant (AADSTS90002)", async () => {
    const error = await refusal({ tenantId: "99999999-9999-4999-8999-999999999999" });
    expect(error).toMatchObject({ reason: "UNKNOWN_TENANT", aadsts: "AADSTS90002" });
    expect(error.message).toMatch(/tenant was not found/);
    expect(error.hint).toMatch(/Verify the Tenant ID/);
  });

  it("reports a Tenant ID that cannot be one without sending anything", async () => {
    const before = emu.requests.length;
    const error = await refusal({ tenantId: "../common/oauth2" });
    expect(error).toMatchObject({ reason: "UNKNOWN_TENANT", aadsts: undefined });
    expect(emu.requests.length).toBe(before);
  });

  it("reports an unknown client (AADSTS700016)", async () => {
    const error = await refusal({ clientId: UNKNOWN_APP });
    expect(error).toMatchObject({ reason: "UNKNOWN_CLIENT", aadsts: "AADSTS700016" });
    expect(error.hint).toMatch(/Verify the Client ID .*registered in this tenant/);
  });

  it("reports a wrong secret (AADSTS7000215) without repeating it", async () => {
    const error = await refusal({}, WRONG_SECRET);
    expect(error).toMatchObject({ reason: "WRONG_SECRET", aadsts: "AADSTS7000215" });
    expect(error.message).toMatch(/client secret is not valid/);
    expect(error.hint).toBe("Verify the Client Secret: paste the secret value, not its ID.");
  });

  it("reports an expired secret (AADSTS7000222)", async () => {
    const error = await refusal({ clientId: EXPIRED_APP });
    expect(error).toMatchObject({ reason: "EXPIRED_SECRET", aadsts: "AADSTS7000222" });
    expect(error.message).toMatch(/client secret has expired/);
    expect(error.hint).toMatch(/Certificates & secrets/);
  });

  it("reports an app without a service principal in the tenant (AADSTS7000229)", async () => {
    const error = await refusal({ clientId: FOREIGN_APP });
    expect(error).toMatchObject({ reason: "APP_NOT_IN_TENANT", aadsts: "AADSTS7000229" });
    expect(error.hint).toMatch(/Grant admin consent/);
  });

  it("reports an unreachable authority", async () => {
    const closed = await startEntraEmulator();
    await closed.close();
    const error = await refusal({ authorityHost: closed.url });
    expect(error).toMatchObject({ reason: "UNREACHABLE", aadsts: undefined });
    expect(error.message).toContain(new URL(closed.url).host);
  });

  it("reports the token endpoint's outage as unreachable", async () => {
    emu.faults.unavailable(1, 503, undefined, { pathPrefix: `/${TENANT}/` });
    const tokens = source();
    await expect(tokens.getToken()).rejects.toMatchObject({ reason: "UNREACHABLE" });
    // msal then refuses locally for a while, without asking the token endpoint again.
    const before = emu.requests.length;
    await expect(tokens.getToken()).rejects.toMatchObject({ reason: "UNREACHABLE" });
    expect(emu.requests.length).toBe(before);
  });

  it("refuses a plain-http authority host", () => {
    expect(() => source({ authorityHost: emu.url.replace("https:", "http:") })).toThrow(/https/);
  });
});

describe("token request deadlines", () => {
  const tokenEndpoint = { pathPrefix: `/${TENANT}/oauth2/` };

  it("gives up on a token endpoint that accepts the request and never answers, as UNREACHABLE", async () => {
    emu.faults.hang(1, tokenEndpoint);
    const started = Date.now();
    const error = await refusal({ tokenTimeoutMs: 200 });
    expect(error).toMatchObject({ reason: "UNREACHABLE", aadsts: undefined });
    expect(error.message).toBe(`Microsoft Entra ID at ${new URL(emu.url).host} did not answer within 0.2 s.`);
    // The configured 0.2 s, not the 30 s default (nor forever), ended the wait.
    expect(Date.now() - started).toBeLessThan(TOKEN_DEADLINE_MS / 3);
    await expect.poll(() => emu.requests.filter((r) => r.path.endsWith("/token")).at(-1)?.status).toBe(0);
  });

  it("gives up on a token answer whose body never ends, as UNREACHABLE", async () => {
    emu.faults.stallBody(1, tokenEndpoint);
    const error = await refusal({ tokenTimeoutMs: 200 });
    expect(error.reason).toBe("UNREACHABLE");
    expect(error.message).toMatch(/did not answer within 0\.2 s/);
  });
});
