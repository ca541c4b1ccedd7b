// Workload identity federation through real msal-node against the emulated token endpoint: the
// test plays the cluster's service account issuer, writes its tokens into a token file as the
// kubelet does, and checks each answer Entra can give.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenSource, EntraAuthError } from "../../src/entra/credentials.js";
import { createIdentityProvider, type FederatedTokenOptions, type IdentityProvider } from "../emulator/identity-provider.js";
import { startEntraEmulator, type EntraEmulator } from "../emulator/server.js";
import { tokenRefusal } from "./token-refusal.js";

const TENANT = "11111111-1111-4111-8111-111111111111";
const APP = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const ISSUER = "https://oidc.prod-aks.azure.com/0c2d8a1e-6f1b-4b8e-9d6c-3f7a2e9b1c40/";
const SERVICE_ACCOUNT = "system:serviceaccount:identity:identity-subgraph";

let emu: EntraEmulator;
let cluster: IdentityProvider;
let dir: string;
let files = 0;

beforeAll(async () => {
  // Tokens shorter than msal's five-minute renewal margin: every getToken asks the token endpoint.
  emu = await startEntraEmulator({ tokenLifetimeSeconds: 120 });
  cluster = await createIdentityProvider(ISSUER);
  emu.trustIssuer(ISSUER, cluster.keys);
  emu.addTenant({ tenantId: TENANT }).registerApp({
    clientId: APP,
    permissions: ["User.Read.All"],
    federatedCredentials: [{ issuer: ISSUER, subject: SERVICE_ACCOUNT }],
  });
  dir = mkdtempSync(join(tmpdir(), "workload-identity-"));
});

afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A token file as the kubelet projects it, holding `content`. */
function tokenFile(content: string): string {
  const path = join(dir, `token-${++files}`);
  writeFileSync(path, content);
  return path;
}

function source(path: string) {
  return createTokenSource({
    tenantId: TENANT,
    clientId: APP,
    credential: { kind: "WORKLOAD_IDENTITY", tokenFile: path },
    authorityHost: emu.url,
    graphBaseUrl: emu.url,
  });
}

function refusal(path: string): Promise<EntraAuthError> {
  return tokenRefusal(source(path));
}

const issue = (options: Partial<FederatedTokenOptions> = {}, provider = cluster) =>
  provider.issue({ subject: SERVICE_ACCOUNT, ...options });

const assertionsSent = () => emu.requests.filter((r) => r.clientAssertion).map((r) => r.clientAssertion!.claims.jti);

describe("a workload identity credential", () => {
  it("gets a Graph token for the service account's token", async () => {
    const token = await source(tokenFile(await issue())).getToken();
    expect(token).toMatchObject({ tenantId: TENANT, roles: ["User.Read.All"] });
  });

  it("reads the token file afresh for every token request, so a rotated token is the one sent", async () => {
    const path = tokenFile(await issue());
    const tokens = source(path);
    await tokens.getToken();
    const rotated = await issue();
    writeFileSync(path, rotated);
    await tokens.getToken();
    const { jti: rotatedJti } = JSON.parse(Buffer.from(rotated.split(".")[1]!, "base64url").toString());
    await expect.poll(() => assertionsSent().at(-1)).toBe(rotatedJti);

    // A token for another service account written in its place is used, and refused, at once.
    writeFileSync(path, await issue({ subject: "system:serviceaccount:default:default" }));
    await expect(tokens.getToken()).rejects.toMatchObject({ reason: "NO_FEDERATED_CREDENTIAL" });
  });

  it("reports a missing token file without sending anything", async () => {
    const before = emu.requests.length;
    const missing = join(dir, "not-projected");
    const error = await refusal(missing);
    expect(error).toMatchObject({ reason: "TOKEN_FILE_UNREADABLE", aadsts: undefined });
    expect(error.message).toBe(`The workload identity token file cannot be used: ${missing} cannot be read (ENOENT).`);
    expect(error.hint).toMatch(/azure\.workload\.identity\/use: "true"/);
    expect(error.hint).toMatch(/serviceAccountToken volume with audience api:\/\/AzureADTokenExchange/);
    expect(emu.requests.length).toBe(before);
  });

  it("reports a token file that holds no token", async () => {
    expect((await refusal(tokenFile(""))).message).toMatch(/token-\d+ is empty\.$/);
    expect((await refusal(tokenFile("-----BEGIN CERTIFICATE-----"))).message).toMatch(/does not hold a JWT\.$/);
  });

  it("reports an issuer no federated credential names (AADSTS700211)", async () => {
    const github = await createIdentityProvider("https://token.actions.githubusercontent.com");
    const error = await refusal(tokenFile(await issue({}, github)));
    expect(error).toMatchObject({ reason: "NO_FEDERATED_CREDENTIAL", aadsts: "AADSTS700211" });
    expect(error.message).toMatch(/no federated credential on the application matches the token's issuer \(AADSTS700211\)/);
    expect(error.message).toContain("presented assertion issuer 'https://token.actions.githubusercontent.com'");
    expect(error.hint).toMatch(/whose Issuer is exactly the token's iss claim/);
  });

  it("reports a subject no federated credential names (AADSTS700213)", async () => {
    const error = await refusal(tokenFile(await issue({ subject: "system:serviceaccount:identity:default" })));
    expect(error).toMatchObject({ reason: "NO_FEDERATED_CREDENTIAL", aadsts: "AADSTS700213" });
    expect(error.message).toMatch(/matches the token's subject/);
    expect(error.hint).toMatch(/Subject are exactly the token's iss and sub claims \(system:serviceaccount:<namespace>:<service account>/);
  });

  it("reports a token for another audience than api://AzureADTokenExchange (AADSTS700212)", async () => {
    const error = await refusal(tokenFile(await issue({ audience: "https://kubernetes.default.svc.cluster.local" })));
    expect(error).toMatchObject({ reason: "FEDERATED_AUDIENCE_MISMATCH", aadsts: "AADSTS700212" });
    expect(error.hint).toMatch(/^Issue the token for the audience api:\/\/AzureADTokenExchange/);
  });

  it("reports a token the issuer's published keys do not verify (AADSTS700027)", async () => {
    const impostor = await createIdentityProvider(ISSUER);
    const error = await refusal(tokenFile(await issue({}, impostor)));
    expect(error).toMatchObject({ reason: "INVALID_SIGNATURE", aadsts: "AADSTS700027" });
    expect(error.hint).toMatch(/issuer's OpenID configuration and JWKS/);
  });

  it("reports an expired token, as a file the platform stopped refreshing holds (AADSTS700024)", async () => {
    const error = await refusal(tokenFile(await issue({ issuedAt: new Date(Date.now() - 2 * 3600_000) })));
    expect(error).toMatchObject({ reason: "ASSERTION_OUTSIDE_VALID_TIME", aadsts: "AADSTS700024" });
    expect(error.hint).toMatch(/the platform still refreshes the file/);
  });
});
