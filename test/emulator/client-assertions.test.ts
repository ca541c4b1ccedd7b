// Client assertions as the emulated token endpoint judges them, seen through msal-node 7: an
// assertion signed with a certificate uploaded to the app, and another identity provider's token
// accepted through a federated credential, each refusal with Entra's code and words.
import { ServerError, type NodeAuthOptions } from "@azure/msal-node";
import { createHash, X509Certificate } from "node:crypto";
import { importPKCS8, SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeAppCertificate, type AppCertificate } from "./app-certificates.js";
import { uploadCertificate } from "./app-credentials.js";
import { createIdentityProvider, type IdentityProvider } from "./identity-provider.js";
import { startEntraEmulator, type EntraEmulator } from "./server.js";
import { GRAPH_SCOPE, msalApp } from "./support.js";
import type { Tenant } from "./tenant.js";

const TENANT = "11111111-1111-4111-8111-111111111111";
const CERT_APP = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const FED_APP = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const CLUSTER_ISSUER = "https://oidc.prod-aks.azure.com/0c2d8a1e-6f1b-4b8e-9d6c-3f7a2e9b1c40/";
const SERVICE_ACCOUNT = "system:serviceaccount:identity:identity-subgraph";

let emu: EntraEmulator;
let tenant: Tenant;
let uploaded: AppCertificate;
let notUploaded: AppCertificate;
let cluster: IdentityProvider;
let impostor: IdentityProvider;

beforeAll(async () => {
  emu = await startEntraEmulator();
  tenant = emu.addTenant({ tenantId: TENANT, domains: ["contoso.com"] });
  uploaded = makeAppCertificate();
  notUploaded = makeAppCertificate();
  tenant.registerApp({ clientId: CERT_APP, certificates: [uploaded.certificatePem], permissions: ["User.Read.All"] });
  cluster = await createIdentityProvider(CLUSTER_ISSUER);
  // Same issuer name, different key: tokens it signs are not the cluster's.
  impostor = await createIdentityProvider(CLUSTER_ISSUER);
  emu.trustIssuer(cluster.issuer, cluster.keys);
  tenant.registerApp({
    clientId: FED_APP,
    permissions: ["Group.Read.All"],
    federatedCredentials: [{ issuer: CLUSTER_ISSUER, subject: SERVICE_ACCOUNT }],
  });
});

afterEach(() => emu.setClockOffset(0));
afterAll(() => emu.close());

const thumbprintSha256 = (pem: string) => createHash("sha256").update(new X509Certificate(pem).raw).digest("hex");

/** msal's certificate credential: the SHA-256 thumbprint (hex), the key, and the x5c chain. */
function clientCertificate(certificate: AppCertificate) {
  return {
    thumbprintSha256: thumbprintSha256(certificate.certificatePem),
    privateKey: certificate.privateKeyPem,
    x5c: certificate.certificatePem,
  };
}

function withCertificate(certificate: AppCertificate, clientId = CERT_APP) {
  return msalApp(emu, TENANT, clientId, { clientCertificate: clientCertificate(certificate) });
}

async function token(credential: Pick<NodeAuthOptions, "clientCertificate" | "clientAssertion">, clientId: string) {
  const result = await msalApp(emu, TENANT, clientId, credential).acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
  return result?.accessToken;
}

async function refusal(request: Promise<unknown>): Promise<ServerError> {
  const error = await request.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServerError);
  return error as ServerError;
}

const lastAssertion = () => emu.requests.filter((r) => r.clientAssertion).at(-1)?.clientAssertion;

describe("an assertion signed with the app's certificate", () => {
  it("gets a token when its x5t#S256 names an uploaded certificate and it verifies with that certificate", async () => {
    const accessToken = await withCertificate(uploaded).acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
    expect(accessToken?.accessToken.split(".")).toHaveLength(3);
    await expect.poll(lastAssertion).toBeDefined();
    const { header, claims } = lastAssertion()!;
    expect(header).toMatchObject({
      alg: "PS256",
      "x5t#S256": Buffer.from(thumbprintSha256(uploaded.certificatePem), "hex").toString("base64url"),
      x5c: [new X509Certificate(uploaded.certificatePem).raw.toString("base64")],
    });
    expect(claims).toMatchObject({ iss: CERT_APP, sub: CERT_APP, aud: `${emu.url}/${TENANT}/oauth2/v2.0/token` });
  });

  it("is refused with AADSTS700027 'The key was not found' when the certificate was never uploaded", async () => {
    const error = await refusal(withCertificate(notUploaded).acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] }));
    expect({ status: error.status, errorCode: error.errorCode, errorNo: error.errorNo }).toEqual({
      status: 401,
      errorCode: "invalid_client",
      errorNo: 700027,
    });
    expect(error.errorMessage).toContain("[Reason - The key was not found.");
    expect(error.errorMessage).toContain(thumbprintSha256(notUploaded.certificatePem).toUpperCase());
  });

  it("is refused with AADSTS700027 'The key used is expired' once the upload's end date has passed", async () => {
    const clientId = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";
    const app = tenant.registerApp({ clientId });
    uploadCertificate(app, uploaded.certificatePem, new Date(Date.now() - 86400_000));
    const error = await refusal(withCertificate(uploaded, clientId).acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] }));
    expect(error.errorNo).toBe(700027);
    expect(error.errorMessage).toContain("[Reason - The key used is expired.");
  });

  it("is refused with AADSTS700027 'Key was found, but ... failed' when signed with another key", async () => {
    const mismatched = { certificatePem: uploaded.certificatePem, privateKeyPem: notUploaded.privateKeyPem };
    const error = await refusal(withCertificate(mismatched).acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] }));
    expect(error.errorNo).toBe(700027);
    expect(error.errorMessage).toContain("Key was found, but use of the key to verify the signature failed.");
  });

  it("tolerates five minutes between the signer's clock and Entra's, and refuses more with AADSTS700024", async () => {
    // msal's assertions are valid for ten minutes: Entra 14 minutes ahead is within the skew.
    emu.setClockOffset(14 * 60);
    await expect(token({ clientCertificate: clientCertificate(uploaded) }, CERT_APP)).resolves.toBeTruthy();
    emu.setClockOffset(16 * 60);
    const error = await refusal(withCertificate(uploaded).acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] }));
    expect(error.errorNo).toBe(700024);
    expect(error.errorMessage).toMatch(/Client assertion is not within its valid time range\. Current time: \S+Z, assertion valid from/);
  });

  it("checks the claims msal would never get wrong: the audience (AADSTS700023) and the subject (AADSTS700021)", async () => {
    const sign = async (claims: { aud: string; sub: string }) =>
      new SignJWT({})
        .setProtectedHeader({ alg: "PS256", "x5t#S256": Buffer.from(thumbprintSha256(uploaded.certificatePem), "hex").toString("base64url") })
        .setIssuer(CERT_APP)
        .setSubject(claims.sub)
        .setAudience(claims.aud)
        .setIssuedAt()
        .setExpirationTime("10m")
        .sign(await importPKCS8(uploaded.privateKeyPem, "PS256"));
    const endpoint = `${emu.url}/${TENANT}/oauth2/v2.0/token`;
    const wrongAudience = await sign({ aud: "https://login.microsoftonline.com/common/oauth2/v2.0/token", sub: CERT_APP });
    const wrongSubject = await sign({ aud: endpoint, sub: FED_APP });
    const byDomain = await sign({ aud: `${emu.url}/contoso.com/oauth2/v2.0/token`, sub: CERT_APP });
    await expect(refusal(token({ clientAssertion: wrongAudience }, CERT_APP))).resolves.toMatchObject({ errorNo: 700023 });
    await expect(refusal(token({ clientAssertion: wrongSubject }, CERT_APP))).resolves.toMatchObject({ errorNo: 700021 });
    await expect(token({ clientAssertion: byDomain }, CERT_APP)).resolves.toBeTruthy();
    await expect(refusal(token({ clientAssertion: "not-a-jwt" }, CERT_APP))).resolves.toMatchObject({ errorNo: 50027, status: 400 });
  });
});

describe("another identity provider's token, through a federated credential", () => {
  it("gets a token when issuer, subject and audience match a federated credential and the issuer's key verifies it", async () => {
    const assertion = await cluster.issue({ subject: SERVICE_ACCOUNT });
    expect(await token({ clientAssertion: assertion }, FED_APP)).toBeTruthy();
  });

  it.each([
    ["an unknown issuer", { issuer: "https://token.actions.githubusercontent.com" }, 700211, "presented assertion issuer 'https://token.actions.githubusercontent.com'"],
    ["another subject", { subject: "system:serviceaccount:default:default" }, 700213, "presented assertion subject 'system:serviceaccount:default:default'"],
    ["the cluster's default audience", { audience: "https://kubernetes.default.svc.cluster.local" }, 700212, "presented assertion audience 'https://kubernetes.default.svc.cluster.local'"],
  ] as const)("is refused for %s, naming what did not match", async (_case, change, code, named) => {
    const provider = "issuer" in change ? await createIdentityProvider(change.issuer) : cluster;
    const assertion = await provider.issue({ subject: SERVICE_ACCOUNT, ...change });
    const error = await refusal(token({ clientAssertion: assertion }, FED_APP));
    expect({ status: error.status, errorCode: error.errorCode, errorNo: error.errorNo }).toEqual({
      status: 401,
      errorCode: "invalid_client",
      errorNo: code,
    });
    expect(error.errorMessage).toContain(`No matching federated identity record found for ${named}`);
  });

  it("is refused with AADSTS700027 when the issuer's published keys do not verify it", async () => {
    const assertion = await impostor.issue({ subject: SERVICE_ACCOUNT });
    const error = await refusal(token({ clientAssertion: assertion }, FED_APP));
    expect(error.errorNo).toBe(700027);
  });

  it("is refused with AADSTS700024 once expired, past Entra's five minutes of skew", async () => {
    const stale = await cluster.issue({ subject: SERVICE_ACCOUNT, issuedAt: new Date(Date.now() - 2 * 3600_000) });
    const error = await refusal(token({ clientAssertion: stale }, FED_APP));
    expect(error.errorNo).toBe(700024);
  });
});
