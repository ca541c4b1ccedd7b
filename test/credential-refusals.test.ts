// Each way a certificate, a workload identity or a managed identity can be refused, as an admin
// meets it in addEntraIntegration: ENTRA_AUTH_FAILED with the reason, Microsoft's words and a hint
// naming the fix (docs/troubleshooting.md has a row for each), or BAD_USER_INPUT naming the field;
// and in every case nothing saved.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../src/db/rows.js";
import { ENTRA_AUTH_FAILURES } from "../src/entra/credentials.js";
import { makeAppCertificate } from "./emulator/app-certificates.js";
import { uploadCertificate } from "./emulator/app-credentials.js";
import { createIdentityProvider, type FederatedTokenOptions, type IdentityProvider } from "./emulator/identity-provider.js";
import { ADD_INTEGRATION, ALL_PERMISSIONS, startTenantAndServer, type ConnectedTenant } from "./support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

const ISSUER = "https://oidc.prod-aks.azure.com/0c2d8a1e-6f1b-4b8e-9d6c-3f7a2e9b1c40/";
const SERVICE_ACCOUNT = "system:serviceaccount:identity:identity-subgraph";
const environment = { ...process.env };

let db: TestDatabase;
let ct: ConnectedTenant;
let cluster: IdentityProvider;
let dir: string;
let files = 0;
/** What the refusals below answered, for the troubleshooting guide to be checked against. */
const met = { failures: [] as { reason: string; aadsts?: string }[], fields: [] as string[] };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "credential-refusals-"));
  db = await createTestDatabase();
  // A token request waits 2 s at most here (30 s by default), so that a hung endpoint costs little.
  ct = await startTenantAndServer(db, { users: 10, groups: 2, env: { ENTRA_TOKEN_TIMEOUT_SECONDS: "2" } });
  // Before any managed identity request: msal finds the emulator's endpoint, never the metadata address.
  Object.assign(process.env, ct.emulator.managedIdentity.environment);
  cluster = await createIdentityProvider(ISSUER);
  ct.emulator.trustIssuer(ISSUER, cluster.keys);
});

afterEach(() => ct.emulator.setClockOffset(0));

afterAll(async () => {
  process.env = environment;
  await ct?.close();
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

type GraphQLError = { message: string; extensions: Record<string, unknown> };

async function integrationCount(): Promise<number> {
  const [row] = await selectRows<{ n: number }>(db.db, sql`select count(*)::int as n from integrations`);
  return row!.n;
}

/** addEntraIntegration's refusal of `credential` for the app `clientId`, having saved nothing. */
async function refusal(clientId: string, credential: Record<string, unknown>, tenantId = ct.tenant.tenantId): Promise<GraphQLError> {
  const before = await integrationCount();
  const { body } = await ct.server.request(ADD_INTEGRATION, {
    input: { name: "Corporate Entra ID", tenantId, clientId, ...credential },
  });
  expect(body.data).toBeNull();
  expect(await integrationCount()).toBe(before);
  return body.errors![0] as GraphQLError;
}

function app(options: { certificates?: string[]; federated?: boolean } = {}): string {
  const clientId = randomUUID();
  ct.tenant.registerApp({
    clientId,
    permissions: ALL_PERMISSIONS,
    certificates: options.certificates,
    federatedCredentials: options.federated ? [{ issuer: ISSUER, subject: SERVICE_ACCOUNT }] : [],
  });
  return clientId;
}

function tokenFile(content: string): string {
  const path = join(dir, `token-${++files}`);
  writeFileSync(path, content);
  return path;
}

const issued = async (options: Partial<FederatedTokenOptions> = {}, provider = cluster) =>
  ({ workloadIdentity: { tokenFile: tokenFile(await provider.issue({ subject: SERVICE_ACCOUNT, ...options })) } });

function expectAuthFailure(error: GraphQLError, reason: string, aadsts: string | undefined, said: RegExp, hint: RegExp) {
  met.failures.push({ reason, aadsts });
  expect(error.extensions).toMatchObject({ code: "ENTRA_AUTH_FAILED", reason });
  expect(error.extensions.aadsts).toBe(aadsts);
  expect(error.message).toMatch(said);
  expect(error.extensions.hint).toMatch(hint);
}

describe("a certificate Entra refuses", () => {
  it("is CERTIFICATE_NOT_REGISTERED when it was never uploaded to the app", async () => {
    const made = makeAppCertificate();
    const error = await refusal(app(), { certificate: made });
    expectAuthFailure(error, "CERTIFICATE_NOT_REGISTERED", "AADSTS700027", /not registered.*The key was not found/, /Upload the certificate/);
  });

  it("is CERTIFICATE_EXPIRED when its use on the app ended", async () => {
    const made = makeAppCertificate();
    const clientId = app();
    uploadCertificate(ct.tenant.app(clientId)!, made.certificatePem, new Date(Date.now() - 86400_000));
    const error = await refusal(clientId, { certificate: made });
    expectAuthFailure(error, "CERTIFICATE_EXPIRED", "AADSTS700027", /has expired.*The key used is expired/, /Make a new certificate, upload it/);
  });

  it("is ASSERTION_OUTSIDE_VALID_TIME when this server's clock and Entra's disagree", async () => {
    const made = makeAppCertificate();
    ct.emulator.setClockOffset(20 * 60);
    const error = await refusal(app({ certificates: [made.certificatePem] }), { certificate: made });
    expectAuthFailure(error, "ASSERTION_OUTSIDE_VALID_TIME", "AADSTS700024", /not within its valid time range/, /clock/);
  });
});

describe("a workload identity token Entra refuses", () => {
  it("is INVALID_SIGNATURE when the issuer's published keys do not verify it", async () => {
    const impostor = await createIdentityProvider(ISSUER);
    const error = await refusal(app({ federated: true }), await issued({}, impostor));
    expectAuthFailure(error, "INVALID_SIGNATURE", "AADSTS700027", /signature.*did not verify/, /JWKS/);
  });

  it("is ASSERTION_OUTSIDE_VALID_TIME when the token in the file has expired", async () => {
    const error = await refusal(app({ federated: true }), await issued({ issuedAt: new Date(Date.now() - 3 * 3600_000) }));
    expectAuthFailure(error, "ASSERTION_OUTSIDE_VALID_TIME", "AADSTS700024", /not within its valid time range/, /refreshes the file/);
  });

  it("is NO_FEDERATED_CREDENTIAL when no federated credential names the token's issuer", async () => {
    const elsewhere = await createIdentityProvider("https://token.actions.githubusercontent.com");
    ct.emulator.trustIssuer(elsewhere.issuer, elsewhere.keys);
    const error = await refusal(app({ federated: true }), await issued({}, elsewhere));
    expectAuthFailure(error, "NO_FEDERATED_CREDENTIAL", "AADSTS700211", /matches the token's issuer/, /Issuer is exactly the token's iss/);
  });

  it("is NO_FEDERATED_CREDENTIAL when the app has no federated credential at all", async () => {
    const error = await refusal(app(), await issued());
    expectAuthFailure(error, "NO_FEDERATED_CREDENTIAL", "AADSTS70025", /application has no federated credential/, /Issuer and Subject are exactly/);
  });

  it("is NO_FEDERATED_CREDENTIAL when none names the token's subject", async () => {
    const error = await refusal(app({ federated: true }), await issued({ subject: "system:serviceaccount:other:default" }));
    expectAuthFailure(error, "NO_FEDERATED_CREDENTIAL", "AADSTS700213", /matches the token's subject/, /Subject are exactly/);
  });

  it("is NO_FEDERATED_CREDENTIAL naming all three claims when Entra's older answer does not say which differs (AADSTS70021)", async () => {
    const clientId = app({ federated: true });
    ct.tenant.app(clientId)!.federationAnswersWithoutDetail = true;
    const error = await refusal(clientId, await issued({ audience: "https://kubernetes.default.svc" }));
    expectAuthFailure(error, "NO_FEDERATED_CREDENTIAL", "AADSTS70021", /issuer, subject and audience/, /Audience is the token's aud/);
  });

  it("is FEDERATED_AUDIENCE_MISMATCH for a token issued for another audience", async () => {
    const error = await refusal(app({ federated: true }), await issued({ audience: "https://kubernetes.default.svc" }));
    expectAuthFailure(error, "FEDERATED_AUDIENCE_MISMATCH", "AADSTS700212", /audience/, /api:\/\/AzureADTokenExchange/);
  });

  it("is TOKEN_FILE_UNREADABLE, before anything is sent, for a missing file or one without a token", async () => {
    const missing = join(dir, "never-projected");
    const sent = ct.emulator.requests.length;
    const error = await refusal(app({ federated: true }), { workloadIdentity: { tokenFile: missing } });
    expectAuthFailure(error, "TOKEN_FILE_UNREADABLE", undefined, new RegExp(`${missing} cannot be read \\(ENOENT\\)`), /Mount the service account token/);
    const empty = await refusal(app({ federated: true }), { workloadIdentity: { tokenFile: tokenFile("not a token") } });
    expectAuthFailure(empty, "TOKEN_FILE_UNREADABLE", undefined, /does not hold a JWT/, /Mount the service account token/);
    expect(ct.emulator.requests.slice(sent).filter((r) => r.path.endsWith("/token"))).toEqual([]);
  });

  it("is TOKEN_FILE_UNREADABLE at once for a path that is no regular file or far larger than a token", async () => {
    const fifo = join(dir, "a-fifo");
    execFileSync("mkfifo", [fifo]);
    const large = tokenFile("x".repeat(100_000));
    const sent = ct.emulator.requests.length;
    for (const [path, said] of [
      [fifo, "is not a regular file"],
      ["/dev/zero", "is not a regular file"],
      [dir, "is not a regular file"],
      [large, "is 100000 bytes, larger than any token"],
    ] as const) {
      const error = await refusal(app({ federated: true }), { workloadIdentity: { tokenFile: path } });
      expectAuthFailure(error, "TOKEN_FILE_UNREADABLE", undefined, new RegExp(`${path} ${said}`), /Mount the service account token/);
    }
    expect(ct.emulator.requests.slice(sent).filter((r) => r.path.endsWith("/token"))).toEqual([]);
  });
});

describe("an app Entra refuses whatever its credential", () => {
  it("is APP_DISABLED when its service principal is disabled in the tenant", async () => {
    const made = makeAppCertificate();
    const clientId = app({ certificates: [made.certificatePem] });
    ct.tenant.app(clientId)!.enabled = false;
    const error = await refusal(clientId, { certificate: made });
    expectAuthFailure(error, "APP_DISABLED", "AADSTS7000112", /application is disabled.*is disabled/, /Enabled for users to sign-in/);
  });

  it("is BLOCKED_BY_CONDITIONAL_ACCESS when a policy for workload identities blocks it", async () => {
    const clientId = app({ federated: true });
    ct.tenant.app(clientId)!.blockedByConditionalAccess = true;
    const error = await refusal(clientId, await issued());
    expectAuthFailure(error, "BLOCKED_BY_CONDITIONAL_ACCESS", "AADSTS53003", /Conditional Access policy blocks/, /named locations/);
  });
});

describe("a tenant of another cloud", () => {
  it("is OTHER_CLOUD, naming the clouds to choose from, when Entra knows the tenant but not in this cloud", async () => {
    const tenantId = randomUUID();
    const clientId = randomUUID();
    const secret = "Gov~secret.value-0123456789abcdefghij";
    ct.emulator
      .addTenant({ tenantId, domains: ["contoso.onmicrosoft.us"], nationalCloud: "AzureUSGovernment" })
      .registerApp({ clientId, secret, permissions: ALL_PERMISSIONS, adminConsent: true });
    const error = await refusal(clientId, { clientSecret: secret }, tenantId);
    expectAuthFailure(error, "OTHER_CLOUD", "AADSTS900382", /belongs to another Azure cloud.*Cross Cloud/, /cloud US_GOV for Azure Government/);
  });
});

describe("a managed identity Entra refuses", () => {
  it("is MANAGED_IDENTITY_NOT_ASSIGNED when the resource has no such identity", async () => {
    const clientId = randomUUID();
    const error = await refusal(clientId, { managedIdentity: { clientId } });
    expectAuthFailure(error, "MANAGED_IDENTITY_NOT_ASSIGNED", undefined, /Unable to load the proper Managed Identity/, /Turn the system-assigned identity on/);
  });

  it("is refused naming input.tenantId when the identity belongs to another tenant than the one named", async () => {
    const elsewhere = ct.emulator.addTenant({ tenantId: randomUUID() });
    const clientId = randomUUID();
    ct.emulator.managedIdentity.assign(elsewhere, { clientId, permissions: ALL_PERMISSIONS });
    const error = await refusal(clientId, { managedIdentity: { clientId } });
    met.fields.push("input.tenantId");
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.tenantId" });
    expect(error.message).toContain(elsewhere.tenantId);
    // The connection test says the same, rather than pass what adding then refuses.
    const { body } = await ct.server.request(TEST_CONNECTION, { input: { tenantId: ct.tenant.tenantId, clientId, managedIdentity: { clientId } } });
    expect(body.errors?.[0]).toMatchObject({ message: error.message, extensions: { code: "BAD_USER_INPUT", field: "input.tenantId" } });
  });

  it("is refused naming input.clientId when the system-assigned identity is not the one the client id names", async () => {
    const identity = ct.emulator.managedIdentity.assign(ct.tenant, { permissions: ALL_PERMISSIONS });
    const error = await refusal(randomUUID(), { managedIdentity: {} });
    met.fields.push("input.clientId");
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.clientId" });
    expect(error.message).toMatch(new RegExp(`^The managed identity that answered is ${identity.clientId}, not `));
  });

  it("is refused naming input.tenantId when the tenant is named by a domain, which its tokens cannot be checked against", async () => {
    const clientId = randomUUID();
    ct.emulator.managedIdentity.assign(ct.tenant, { clientId, permissions: ALL_PERMISSIONS });
    const sent = ct.emulator.requests.length;
    const error = await refusal(clientId, { managedIdentity: { clientId } }, "contoso.onmicrosoft.com");
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.tenantId" });
    expect(error.message).toMatch(/name the tenant by its ID \(a GUID\), not by the domain contoso\.onmicrosoft\.com/);
    expect(ct.emulator.requests.slice(sent)).toEqual([]);
  });
});

const TEST_CONNECTION = /* GraphQL */ `
  mutation Test($input: EntraCredentialsInput!) { testEntraConnection(input: $input) { authenticated } }
`;

describe("a token endpoint that never answers", () => {
  it("is UNREACHABLE once ENTRA_TOKEN_TIMEOUT_SECONDS has passed, whatever the credential", async () => {
    const made = makeAppCertificate();
    ct.emulator.faults.hang(1, { pathPrefix: `/${ct.tenant.tenantId}/oauth2/` });
    const started = Date.now();
    const error = await refusal(app({ certificates: [made.certificatePem] }), { certificate: made });
    expectAuthFailure(error, "UNREACHABLE", undefined, /did not answer within 2 s/, /reach the Entra token endpoint/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe("credential input refused before anything is sent", () => {
  const certificate = makeAppCertificate();
  const expired = makeAppCertificate({ notBefore: new Date("2020-01-01"), notAfter: new Date("2021-01-01") });

  it("names the four fields when none is given, and those given together when several are", async () => {
    const none = await refusal(app(), {});
    met.fields.push("input");
    expect(none.extensions).toEqual({
      code: "BAD_USER_INPUT",
      field: "input",
      fields: ["input.clientSecret", "input.certificate", "input.workloadIdentity", "input.managedIdentity"],
    });
    expect(none.message).toMatch(/Give one credential/);
    const two = await refusal(app(), { clientSecret: ct.clientSecret, certificate });
    expect(two.extensions).toEqual({ code: "BAD_USER_INPUT", field: "input", fields: ["input.clientSecret", "input.certificate"] });
    expect(two.message).toMatch(/not 2: input\.clientSecret and input\.certificate were given together/);
  });

  it.each([
    ["input.certificate.privateKeyPem", "another certificate's key", { certificate: { ...certificate, privateKeyPem: makeAppCertificate().privateKeyPem } }, /does not belong/],
    ["input.certificate.certificatePem", "an expired certificate", { certificate: expired }, /expired on 2021-01-01/],
    ["input.certificate.certificatePem", "a key where the certificate goes", { certificate: { ...certificate, certificatePem: certificate.privateKeyPem } }, /contains a private key/],
    ["input.workloadIdentity.tokenFile", "a relative token file path", { workloadIdentity: { tokenFile: "tokens/azure" } }, /must be absolute/],
    ["input.managedIdentity.clientId", "an identity's name for its client id", { managedIdentity: { clientId: "identity-subgraph" } }, /GUID/],
    ["input.managedIdentity.clientId", "an identity other than the integration's client id", { managedIdentity: { clientId: randomUUID() } }, /not the integration's client id/],
    ["input.clientSecretExpiresAt", "a secret's expiry given with a certificate", { certificate, clientSecretExpiresAt: "2030-01-01T00:00:00Z" }, /for a client secret/],
    ["input.clientSecretExpiresAt", "a secret's expiry already past", { clientSecret: "Xy8Q~a-secret-value", clientSecretExpiresAt: "2020-01-01T00:00:00Z" }, /has passed/],
  ] as const)("names %s for %s", async (field, _case, credential, message) => {
    const sent = ct.emulator.requests.length;
    const error = await refusal(app(), credential);
    met.fields.push(field);
    expect(error.extensions).toEqual({ code: "BAD_USER_INPUT", field });
    expect(error.message).toMatch(message);
    expect(JSON.stringify(error)).not.toContain(certificate.privateKeyPem.split("\n")[1]);
    expect(ct.emulator.requests.slice(sent)).toEqual([]);
  });
});

describe("testEntraConnection", () => {
  it("answers a refused credential with authenticated false and the same reason, words and fix, saving nothing", async () => {
    const before = await integrationCount();
    const { body } = await ct.server.request(
      /* GraphQL */ `
        mutation Test($input: EntraCredentialsInput!) {
          testEntraConnection(input: $input) { authenticated error { code reason message hint } permissions { permission } }
        }
      `,
      { input: { tenantId: ct.tenant.tenantId, clientId: app(), certificate: makeAppCertificate() } },
    );
    expect(body.errors).toBeUndefined();
    expect((body.data as any).testEntraConnection).toEqual({
      authenticated: false,
      error: {
        code: "AADSTS700027",
        reason: "CERTIFICATE_NOT_REGISTERED",
        message: expect.stringMatching(/not registered.*The key was not found/),
        hint: expect.stringMatching(/Upload the certificate/),
      },
      permissions: [],
    });
    expect(await integrationCount()).toBe(before);
  });
});

describe("docs/troubleshooting.md", () => {
  const rows = readFileSync(new URL("../docs/troubleshooting.md", import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.startsWith("|"));

  it("has a row for every reason ENTRA_AUTH_FAILED can give", () => {
    for (const reason of ENTRA_AUTH_FAILURES) expect(rows.some((row) => row.includes(`\`${reason}\``)), reason).toBe(true);
  });

  it("has a row for each refusal met above, with its AADSTS code beside its reason", () => {
    expect(met.failures.length).toBeGreaterThanOrEqual(15);
    for (const { reason, aadsts } of met.failures) {
      const row = rows.find((r) => r.includes(`\`${reason}\``) && (aadsts === undefined || r.includes(aadsts)));
      expect(row, `${aadsts ?? "(no code)"} ${reason}`).toBeDefined();
    }
  });

  it("has a row for each field BAD_USER_INPUT named above", () => {
    expect(met.fields.length).toBeGreaterThanOrEqual(9);
    for (const field of new Set(met.fields)) {
      const shown = field === "input" ? "input" : field.replace(/^input\./, "");
      expect(rows.some((row) => row.startsWith(`| \`${shown}\``)), field).toBe(true);
    }
  });
});
