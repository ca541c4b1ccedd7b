// The command line, run in-process as a shell would run it: arguments in; output and exit code out.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../src/app.js";
import { runCli } from "../../src/cli/program.js";
import { loadConfig } from "../../src/config.js";
import { createTokenVerifier } from "../../src/graphql/auth.js";
import { createLogger } from "../../src/logger.js";
import { makeAppCertificate } from "../emulator/app-certificates.js";
import { generateTenant } from "../emulator/generate.js";
import { createIdentityProvider } from "../emulator/identity-provider.js";
import { startEntraEmulator, type EntraEmulator } from "../emulator/server.js";
import type { Tenant } from "../emulator/tenant.js";
import { ALL_PERMISSIONS } from "../support/connected-tenant.js";
import { TEST_SECRETS_KEY } from "../support/server.js";

let dataDir: string;
let emulator: EntraEmulator;
let tenant: Tenant;
let env: NodeJS.ProcessEnv;
const clientId = randomUUID();
const clientSecret = `Q7~${randomUUID()}`;
let integrationId: string;

/** Runs the CLI with `args`; returns its exit code and what it wrote. */
async function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on("data", (c: Buffer) => chunks.out.push(c));
  err.on("data", (c: Buffer) => chunks.err.push(c));
  const code = await runCli(args, { out, err, env: { ...env, ...extraEnv } });
  return { code, stdout: Buffer.concat(chunks.out).toString(), stderr: Buffer.concat(chunks.err).toString() };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "identity-cli-"));
  emulator = await startEntraEmulator({ pageSize: 10 });
  tenant = emulator.addTenant({ tenantId: randomUUID(), directory: generateTenant({ seed: 5, users: 25, groups: 4 }) });
  tenant.registerApp({ clientId, secret: clientSecret, permissions: ALL_PERMISSIONS, adminConsent: true });
  env = {
    DATA_DIR: dataDir,
    SECRETS_KEY: TEST_SECRETS_KEY,
    ENTRA_AUTHORITY_HOST: emulator.url,
    GRAPH_BASE_URL: emulator.url,
    LOG_LEVEL: "silent",
    TENANT_SECRET: clientSecret,
  };
  // Before any managed identity request: msal finds the emulator's endpoint, never the metadata address.
  Object.assign(process.env, emulator.managedIdentity.environment);
});
afterAll(async () => {
  await emulator?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("identity-subgraph migrate", () => {
  it("applies the migrations to the configured database and exits 0", async () => {
    const { code, stdout } = await cli(["migrate"]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Migrations applied: embedded database in ${dataDir}`);
  });

  it("runs in production with the database alone, as a migration job is given it; commands that seal or sign still need their secret", async () => {
    const production = { NODE_ENV: "production", SECRETS_KEY: undefined };
    expect(await cli(["migrate"], production)).toMatchObject({ code: 0, stdout: expect.stringContaining("Migrations applied") });
    expect(await cli(["integrations"], production)).toMatchObject({ code: 0 });
    expect(await cli(["sync", randomUUID()], production)).toMatchObject({ code: 2, stderr: expect.stringContaining("SECRETS_KEY is required") });
    expect(await cli(["token", "--role", "admin"], production)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("AUTH_JWT_SECRET or AUTH_JWKS_URL is required"),
    });
  });
});

describe("a database never migrated", () => {
  it("makes integrations and sync exit 2 saying to migrate first, and creates nothing", async () => {
    const fresh = await mkdtemp(path.join(tmpdir(), "identity-cli-fresh-"));
    try {
      // In turn: the first refusal left the database as it was, so the second meets it unmigrated too.
      for (const args of [["integrations"], ["sync", randomUUID()]]) {
        const { code, stdout, stderr } = await cli(args, { DATA_DIR: fresh });
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toContain(`The embedded database in ${fresh} has no tables yet: run "identity-subgraph migrate" first`);
        expect(stderr).not.toContain("Failed query");
      }
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});

describe("identity-subgraph token", () => {
  it("prints only a token, which the server accepts with the asked role and organisation", async () => {
    const { code, stdout } = await cli(["token", "--role", "admin", "--org", "acme"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const verify = await createTokenVerifier(loadConfig(env));
    expect(await verify(stdout.trim())).toMatchObject({ org: "acme", roles: ["admin"] });
  });

  it("refuses, with exit code 2, a lifetime it cannot read or one already past, and an empty organisation", async () => {
    for (const [args, said] of [
      [["--expires", "banana"], "--expires: banana is not a lifetime such as 1h or 30d"],
      [["--expires", "-5m"], "--expires: -5m is not a lifetime"],
      [["--expires", "0s"], "--expires: 0s is not a lifetime"],
      [["--expires", "0.4s"], "--expires: 0.4s is not a lifetime"],
      [["--org", ""], "--org: an organisation is a non-empty name"],
    ] as const) {
      const { code, stdout, stderr } = await cli(["token", "--role", "admin", ...args]);
      expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
      expect(stderr).toContain(said);
    }
    expect((await cli(["token", "--expires", "30 days"])).code).toBe(0);
  });

  it("refuses with exit code 2 when tokens come from a JWKS", async () => {
    const { code, stderr } = await cli(["token", "--role", "admin"], { AUTH_JWKS_URL: "https://idp.example/jwks" });
    expect(code).toBe(2);
    expect(stderr).toContain("AUTH_JWKS_URL is set");
  });
});

describe("usage", () => {
  it("exits 2 with help on an unknown command or a missing option", async () => {
    const unknown = await cli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const missing = await cli(["test-connection", "--tenant", "contoso.onmicrosoft.com"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--client <client>' not specified");
    // A tenant no one could have: refused here, not sent to Entra to be refused there (exit 3).
    const badTenant = await cli(["test-connection", "--tenant", "bad tenant", "--client", clientId, "--secret-env", "TENANT_SECRET"]);
    expect(badTenant.code).toBe(2);
    expect(badTenant.stderr).toContain("--tenant: bad tenant is neither a tenant ID (a GUID) nor a domain");
  });

  it("exits 0 on --help, listing the commands and exit codes", async () => {
    const { code, stdout } = await cli(["--help"]);
    expect(code).toBe(0);
    for (const command of ["migrate", "token", "integrations", "sync", "test-connection"]) expect(stdout).toContain(command);
    expect(stdout).toContain("3 Entra refused the credentials");
  });

  it("exits 2 on invalid configuration, naming the variable", async () => {
    const { code, stderr } = await cli(["integrations"], { SECRETS_KEY: "c2hvcnQ=" });
    expect(code).toBe(2);
    expect(stderr).toContain("SECRETS_KEY must be 32 bytes");
  });
});

describe("identity-subgraph test-connection", () => {
  const args = () => ["test-connection", "--tenant", tenant.tenantId, "--client", clientId, "--secret-env", "TENANT_SECRET"];

  it("reports each permission granted and exits 0", async () => {
    const { code, stdout } = await cli(args());
    expect(code).toBe(0);
    expect(stdout).toContain(`✓ Authenticated to tenant ${tenant.tenantId}`);
    expect(stdout).toContain("✓ User.Read.All is granted.");
    expect(stdout).toContain("✓ RoleManagement.Read.Directory is granted through Directory.Read.All");
    expect(stdout).toContain("✓ RoleEligibilitySchedule.Read.Directory is granted.");
  });

  it("exits 3 with the AADSTS code and a fix when the secret is wrong", async () => {
    const { code, stdout } = await cli(args(), { TENANT_SECRET: "not-the-secret" });
    expect(code).toBe(3);
    expect(stdout).toContain("AADSTS7000215");
    expect(stdout).toContain("→");
  });

  it("exits 4 when admin consent was not granted", async () => {
    const other = randomUUID();
    tenant.registerApp({ clientId: other, secret: clientSecret, permissions: ALL_PERMISSIONS, adminConsent: false });
    const { code, stdout } = await cli(["test-connection", "--tenant", tenant.tenantId, "--client", other, "--secret-env", "TENANT_SECRET"]);
    expect(code).toBe(4);
    expect(stdout).toContain("admin consent was not granted");
    // Each missing permission says how much it matters, as --json's tier does.
    expect(stdout).toMatch(/✗ User\.Read\.All: admin consent was not granted .* \(core\)\n/);
    expect(stdout).toMatch(/✗ AuditLog\.Read\.All: admin consent was not granted .* \(optional\)\n/);
  });

  it("exits 2 when the secret's variable is empty, and never takes the secret as an argument", async () => {
    const { code, stderr } = await cli([...args().slice(0, -1), "NO_SUCH_VARIABLE"]);
    expect(code).toBe(2);
    expect(stderr).toContain("NO_SUCH_VARIABLE is empty");
  });
});

describe("identity-subgraph test-connection without a client secret", () => {
  const base = (client: string) => ["test-connection", "--tenant", tenant.tenantId, "--client", client];
  const certificate = makeAppCertificate();
  const certificateApp = randomUUID();
  let certificateFile: string;
  let keyFile: string;

  beforeAll(async () => {
    tenant.registerApp({ clientId: certificateApp, certificates: [certificate.certificatePem], permissions: ALL_PERMISSIONS });
    certificateFile = path.join(dataDir, "app.pem");
    keyFile = path.join(dataDir, "app.key");
    await writeFile(certificateFile, certificate.certificatePem);
    await writeFile(keyFile, certificate.privateKeyPem, { mode: 0o600 });
  });

  it("tests a certificate read from its files, and exits 0", async () => {
    const { code, stdout } = await cli([...base(certificateApp), "--certificate-file", certificateFile, "--private-key-file", keyFile]);
    expect(code).toBe(0);
    expect(stdout).toContain(`✓ Authenticated to tenant ${tenant.tenantId}`);
  });

  it("takes the private key from an environment variable too", async () => {
    const args = [...base(certificateApp), "--certificate-file", certificateFile, "--private-key-env", "APP_KEY"];
    expect((await cli(args, { APP_KEY: certificate.privateKeyPem })).code).toBe(0);
  });

  it("exits 3 with the reason, Entra's words and the fix when the certificate is not uploaded", async () => {
    const other = randomUUID();
    tenant.registerApp({ clientId: other, permissions: ALL_PERMISSIONS });
    const refused = await cli([...base(other), "--certificate-file", certificateFile, "--private-key-file", keyFile]);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toContain("✗ Authentication failed: the certificate is not registered on the application (AADSTS700027).");
    expect(refused.stdout).toContain("The key was not found.");
    expect(refused.stdout).toContain("reason: CERTIFICATE_NOT_REGISTERED (AADSTS700027), see docs/troubleshooting.md");
    expect(refused.stdout).toContain("→ Upload the certificate");
    expect(refused.stdout + refused.stderr).not.toContain(certificate.privateKeyPem.split("\n")[1]);
  });

  it("tests workload identity federation with the platform's AZURE_FEDERATED_TOKEN_FILE", async () => {
    const issuer = "https://token.actions.githubusercontent.com";
    const subject = "repo:contoso/identity:ref:refs/heads/main";
    const github = await createIdentityProvider(issuer);
    emulator.trustIssuer(issuer, github.keys);
    const federatedApp = randomUUID();
    tenant.registerApp({ clientId: federatedApp, permissions: ALL_PERMISSIONS, federatedCredentials: [{ issuer, subject }] });
    const tokenFile = path.join(dataDir, "azure-token");
    await writeFile(tokenFile, await github.issue({ subject }));
    const { code, stdout } = await cli([...base(federatedApp), "--workload-identity"], { AZURE_FEDERATED_TOKEN_FILE: tokenFile });
    expect(code).toBe(0);
    expect(stdout).toContain("✓ User.Read.All is granted.");
  });

  it("tests this resource's managed identity", async () => {
    const identity = emulator.managedIdentity.assign(tenant, { permissions: ALL_PERMISSIONS });
    const { code, stdout } = await cli([...base(identity.clientId), "--managed-identity"]);
    expect(code).toBe(0);
    expect(stdout).toContain(`✓ Authenticated to tenant ${tenant.tenantId}`);
  });

  it("refuses, exiting 2, a managed identity of another tenant or client id than the flags name, as adding it would be", async () => {
    const elsewhere = emulator.addTenant({ tenantId: randomUUID() });
    const theirs = randomUUID();
    emulator.managedIdentity.assign(elsewhere, { clientId: theirs, permissions: ALL_PERMISSIONS });
    const other = await cli([...base(theirs), "--managed-identity", theirs]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`--tenant: The credential belongs to tenant ${elsewhere.tenantId}, not ${tenant.tenantId}`);
    // The system-assigned identity, whichever this resource has (msal keeps its token for the process).
    emulator.managedIdentity.assign(tenant, { permissions: ALL_PERMISSIONS });
    const named = randomUUID();
    const wrong = await cli([...base(named), "--managed-identity"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(new RegExp(`--client: The managed identity that answered is [0-9a-f-]{36}, not ${named}`));
  });

  it("exits 2 when no credential is given, or two are", async () => {
    const none = await cli(base(clientId));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Give one credential: --secret-env or --secret-file");
    const two = await cli([...base(clientId), "--secret-env", "TENANT_SECRET", "--managed-identity"]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("Give one credential, not 2: --secret-env/--secret-file, --managed-identity were given together");
  });

  it("exits 2 naming the flag when the key does not belong to the certificate", async () => {
    const stranger = path.join(dataDir, "stranger.key");
    await writeFile(stranger, makeAppCertificate().privateKeyPem);
    const { code, stderr } = await cli([...base(certificateApp), "--certificate-file", certificateFile, "--private-key-file", stranger]);
    expect(code).toBe(2);
    expect(stderr).toContain("--private-key-file/--private-key-env: The private key does not belong to the certificate");
  });

  it("lists each credential's flags in its help", async () => {
    const { code, stdout } = await cli(["test-connection", "--help"]);
    expect(code).toBe(0);
    for (const flag of ["--secret-env", "--secret-file", "--certificate-file", "--private-key-file", "--private-key-env", "--workload-identity [token-file]", "--managed-identity [client-id]"]) {
      expect(stdout).toContain(flag);
    }
  });
});

describe("identity-subgraph integrations and sync", () => {
  beforeAll(async () => {
    // Connected as an admin would, through the server; then the server stops (one process per embedded database).
    const app = await startApp({ config: loadConfig({ ...env, PORT: "0" }), log: createLogger({ level: "silent" }), schedulerTickMs: 0 });
    const { integration } = await app.integrations.add("acme", { name: "Acme Entra ID", tenantId: tenant.tenantId, clientId, clientSecret });
    integrationId = integration.id;
    await app.runner.drain();
    await app.close();
  });

  it("lists an organisation's integrations with status and last sync", async () => {
    const { code, stdout } = await cli(["integrations", "--org", "acme"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ID\s+NAME\s+TENANT\s+STATUS\s+LAST SYNC/);
    expect(stdout).toContain(integrationId);
    expect(stdout).toMatch(/Acme Entra ID\s+\S+\s+CONNECTED\s+SUCCEEDED FULL/);
    const json = await cli(["integrations", "--org", "acme", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject([{ id: integrationId, status: "CONNECTED", lastSync: { status: "SUCCEEDED" } }]);
    expect((await cli(["integrations"])).stdout).toContain('No integrations in organisation "default".');
  });

  it("syncs one integration in full and prints a summary, exiting 0", async () => {
    const { code, stdout } = await cli(["sync", integrationId, "--full"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^FULL sync of "Acme Entra ID" SUCCEEDED in [\d.]+ s/);
    expect(stdout).toContain("users:              25 upserted, 0 removed");
    expect(stdout).toContain("integration:        CONNECTED");
  });

  it("exits 5 for an unknown integration", async () => {
    const { code, stderr } = await cli(["sync", randomUUID()]);
    expect(code).toBe(5);
    expect(stderr).toContain("No integration has id");
  });

  it("exits 3 with the error and hint when Entra refuses the stored secret", async () => {
    // Someone rotated the secret in Azure without updating the integration.
    const app = tenant.app(clientId)!;
    app.secret = "rotated-in-azure";
    try {
      const { code, stdout } = await cli(["sync", integrationId]);
      expect(code).toBe(3);
      expect(stdout).toContain("FAILED");
      expect(stdout).toContain("error:              ENTRA_AUTH_FAILED");
      expect(stdout).toContain("hint:");
    } finally {
      app.secret = clientSecret;
    }
  });

  it("exits 0 when the integration warns only that its secret expires soon (4 means a permission is missing)", async () => {
    const app = await startApp({ config: loadConfig({ ...env, PORT: "0" }), log: createLogger({ level: "silent" }), schedulerTickMs: 0 });
    await app.integrations.update("acme", integrationId, { clientSecretExpiresAt: new Date(Date.now() + 10 * 86_400_000) });
    await app.close();

    const { code, stdout } = await cli(["sync", integrationId]);
    expect(stdout).toContain("integration:        WARNING");
    expect(stdout).toMatch(/warning: {12}The client secret \S+ expires on/);
    expect(code).toBe(0);
  });

  it("exits 4 when a permission is missing, even while the warning shown is the secret's expiry", async () => {
    const usersOnly = randomUUID();
    tenant.registerApp({ clientId: usersOnly, secret: clientSecret, permissions: ["User.Read.All"], adminConsent: true });
    const app = await startApp({ config: loadConfig({ ...env, PORT: "0" }), log: createLogger({ level: "silent" }), schedulerTickMs: 0 });
    const { integration } = await app.integrations.add("users-only", {
      name: "Users only",
      tenantId: tenant.tenantId,
      clientId: usersOnly,
      clientSecret,
      clientSecretExpiresAt: new Date(Date.now() + 10 * 86_400_000),
    });
    await app.runner.drain();
    await app.close();

    const { code, stdout } = await cli(["sync", integration.id]);
    expect(stdout).toMatch(/warning: {12}The client secret \S+ expires on/);
    expect(code).toBe(4);
  });

  it("shows a paused integration as DISABLED, and refuses to sync it", async () => {
    const app = await startApp({ config: loadConfig({ ...env, PORT: "0" }), log: createLogger({ level: "silent" }), schedulerTickMs: 0 });
    await app.integrations.pause("acme", integrationId);
    await app.close();

    const listed = await cli(["integrations", "--org", "acme"]);
    expect(listed.stdout).toMatch(/Acme Entra ID\s+\S+\s+DISABLED\s/);
    const { code, stderr } = await cli(["sync", integrationId]);
    expect(code).toBe(1);
    expect(stderr).toContain('"Acme Entra ID" is paused: resume it first');
    expect(stderr).toContain("(INTEGRATION_PAUSED)");
  });
});

describe("identity-subgraph reseal", () => {
  it("seals every credential under the new key, says the previous may go, and names those no key opens", async () => {
    const newKey = randomBytes(32).toString("base64");
    const rotated = { SECRETS_KEY: newKey, SECRETS_KEY_PREVIOUS: TEST_SECRETS_KEY };
    const first = await cli(["reseal"], rotated);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Sealed again under SECRETS_KEY: [1-9]\d* credentials?\.\nEvery credential opens with SECRETS_KEY: SECRETS_KEY_PREVIOUS may be let go\.\n$/);
    expect((await cli(["reseal"], rotated)).stdout).toMatch(/^Sealed again under SECRETS_KEY: 0 credentials\./);
    // Without SECRETS_KEY, a key generated for this machine would seal what no replica opens.
    const keyless = await cli(["reseal"], { SECRETS_KEY: "", SECRETS_KEY_PREVIOUS: newKey });
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toContain("reseal needs SECRETS_KEY: the key every replica seals with");
    // Under the old key alone, none opens any more.
    const stale = await cli(["reseal"], { SECRETS_KEY: TEST_SECRETS_KEY });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^No key opens the credential of \d+ integrations? \(.*\): give SECRETS_KEY_PREVIOUS the key that sealed them/);
    expect(stale.stderr).toContain(integrationId);
  });
});
