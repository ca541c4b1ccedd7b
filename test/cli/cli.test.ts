// The command line, run in-process as a shell would run it: arguments in; output and exit code out.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../src/app.js";
import { runCli } from "../../src/cli/program.js";
import { loadConfig } from "../../src/config.js";
import { createTokenVerifier } from "../../src/graphql/auth.js";
import { createLogger } from "../../src/logger.js";
import { generateTenant } from "../emulator/generate.js";
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
});

describe("identity-subgraph token", () => {
  it("prints only a token, which the server accepts with the asked role and organisation", async () => {
    const { code, stdout } = await cli(["token", "--role", "admin", "--org", "acme"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const verify = await createTokenVerifier(loadConfig(env));
    expect(await verify(stdout.trim())).toMatchObject({ org: "acme", roles: ["admin"] });
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
    expect(stdout).toContain("✓ Directory.Read.All is granted.");
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
  });

  it("exits 2 when the secret's variable is empty, and never takes the secret as an argument", async () => {
    const { code, stderr } = await cli([...args().slice(0, -1), "NO_SUCH_VARIABLE"]);
    expect(code).toBe(2);
    expect(stderr).toContain("NO_SUCH_VARIABLE is empty");
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
    expect(stdout).toContain("users:       25 upserted, 0 removed");
    expect(stdout).toContain("integration: CONNECTED");
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
      expect(stdout).toContain("error:       ENTRA_AUTH_FAILED");
      expect(stdout).toContain("hint:");
    } finally {
      app.secret = clientSecret;
    }
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
  });
});
