// Certificate credentials through real msal-node against the emulated token endpoint: a token for
// a certificate uploaded to the app, and each refusal worded as what the admin has to fix.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTokenSource, EntraAuthError, type TokenSourceOptions } from "../../src/entra/credentials.js";
import { makeAppCertificate, type AppCertificate } from "../emulator/app-certificates.js";
import { uploadCertificate } from "../emulator/app-credentials.js";
import { startEntraEmulator, type EntraEmulator } from "../emulator/server.js";
import type { Tenant } from "../emulator/tenant.js";
import { tokenRefusal } from "./token-refusal.js";

const TENANT = "11111111-1111-4111-8111-111111111111";
const APP = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const ENDED_APP = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

let emu: EntraEmulator;
let tenant: Tenant;
let uploaded: AppCertificate;

beforeAll(async () => {
  emu = await startEntraEmulator();
  tenant = emu.addTenant({ tenantId: TENANT });
  uploaded = makeAppCertificate({ subject: "identity-subgraph" });
  tenant.registerApp({ clientId: APP, certificates: [uploaded.certificatePem], permissions: ["User.Read.All", "Group.Read.All"] });
  // Uploaded with an end date that has passed, though the certificate itself is still valid.
  uploadCertificate(tenant.registerApp({ clientId: ENDED_APP }), uploaded.certificatePem, new Date(Date.now() - 60_000));
});

afterEach(() => emu.setClockOffset(0));
afterAll(() => emu.close());

function source(certificate: AppCertificate, overrides: Partial<TokenSourceOptions> = {}) {
  return createTokenSource({
    tenantId: TENANT,
    clientId: APP,
    credential: { kind: "CERTIFICATE", ...certificate },
    authorityHost: emu.url,
    graphBaseUrl: emu.url,
    ...overrides,
  });
}

function refusal(certificate: AppCertificate, overrides: Partial<TokenSourceOptions> = {}): Promise<EntraAuthError> {
  // A line from the middle of the key: its PEM armour alone would prove nothing.
  return tokenRefusal(source(certificate, overrides), [certificate.privateKeyPem.split("\n")[1]!]);
}

const tokenRequests = () => emu.requests.filter((r) => r.path.endsWith("/oauth2/v2.0/token"));

describe("a certificate credential", () => {
  it("gets a Graph token with a certificate uploaded to the app, sending its chain as x5c", async () => {
    const issuer = makeAppCertificate({ subject: "Contoso issuing CA" });
    const chained = { ...uploaded, certificatePem: `${uploaded.certificatePem}${issuer.certificatePem}` };
    const token = await source(chained).getToken();
    expect(token).toMatchObject({ tenantId: TENANT, roles: ["User.Read.All", "Group.Read.All"] });
    await expect.poll(() => tokenRequests().at(-1)?.clientAssertion?.header.x5c).toHaveLength(2);
  });

  it("reports a certificate that is not uploaded to the app (AADSTS700027)", async () => {
    const error = await refusal(makeAppCertificate());
    expect(error).toMatchObject({ reason: "CERTIFICATE_NOT_REGISTERED", aadsts: "AADSTS700027" });
    expect(error.message).toMatch(/^Authentication failed: the certificate is not registered on the application \(AADSTS700027\)\./);
    expect(error.message).toContain("Microsoft Entra ID said: The certificate with identifier used to sign the client assertion is not registered");
    expect(error.entraMessage).toMatch(/^The certificate with identifier .* \[Reason - The key was not found\./);
    expect(error.entraMessage).not.toMatch(/Trace ID|Correlation ID/);
    expect(error.hint).toMatch(/Upload the certificate .* Certificates & secrets > Certificates; its SHA-256 thumbprint/);
  });

  it("reports a certificate whose use on the app has ended (AADSTS700027, the key used is expired)", async () => {
    const error = await refusal(uploaded, { clientId: ENDED_APP });
    expect(error).toMatchObject({ reason: "CERTIFICATE_EXPIRED", aadsts: "AADSTS700027" });
    expect(error.message).toMatch(/the certificate has expired \(AADSTS700027\)/);
    expect(error.hint).toMatch(/Make a new certificate, upload it .* and update the integration/);
  });

  it("reports an expired certificate itself without sending anything", async () => {
    const expired = makeAppCertificate({ notBefore: new Date("2020-01-01T00:00:00Z"), notAfter: new Date("2021-01-01T00:00:00Z") });
    uploadCertificate(tenant.app(APP)!, expired.certificatePem);
    const before = emu.requests.length;
    const error = await refusal(expired);
    expect(error).toMatchObject({ reason: "CERTIFICATE_EXPIRED", aadsts: undefined });
    expect(error.message).toMatch(/the certificate has expired \([0-9A-F]{64} expired on 2021-01-01T00:00:00.000Z\)/);
    expect(emu.requests.length).toBe(before);
  });

  it("reports an assertion outside its valid time, as a wrong clock makes it (AADSTS700024)", async () => {
    emu.setClockOffset(3600);
    const error = await refusal(uploaded);
    expect(error).toMatchObject({ reason: "ASSERTION_OUTSIDE_VALID_TIME", aadsts: "AADSTS700024" });
    expect(error.message).toContain("Microsoft Entra ID said: Client assertion is not within its valid time range.");
    expect(error.hint).toMatch(/this server's clock right \(NTP\)/);
  });

  it("refuses a certificate and key that do not belong together when the source is made", () => {
    const other = makeAppCertificate();
    expect(() => source({ certificatePem: uploaded.certificatePem, privateKeyPem: other.privateKeyPem })).toThrow(
      expect.objectContaining({ name: "CredentialInputError", field: "certificate.privateKeyPem" }),
    );
  });
});
