// Connecting without a client secret, as an admin does through addEntraIntegration: a certificate,
// workload identity federation and a managed identity each connect and sync a tenant of the
// emulator; a secret is switched to a certificate without losing the mirror; and no private key or
// secret ever shows in an answer, a log line or a database row.
//
// msal-node picks the managed identity endpoint once per process, at its first managed identity
// request: this file's worker sets IDENTITY_ENDPOINT and IDENTITY_HEADER (the emulator's, on
// 127.0.0.1) before any, so nothing is ever sent to the link-local metadata address.
import { randomUUID, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../src/db/rows.js";
import { makeAppCertificate, type AppCertificate } from "./emulator/app-certificates.js";
import { uploadCertificate } from "./emulator/app-credentials.js";
import { createIdentityProvider, type IdentityProvider } from "./emulator/identity-provider.js";
import { capturedLog } from "./support/captured-log.js";
import {
  ADD_INTEGRATION,
  ALL_PERMISSIONS,
  startTenantAndServer,
  syncNow,
  type ConnectedTenant,
} from "./support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { readMirror } from "./sync/expect-mirror.js";

const ISSUER = "https://oidc.prod-aks.azure.com/0c2d8a1e-6f1b-4b8e-9d6c-3f7a2e9b1c40/";
const SERVICE_ACCOUNT = "system:serviceaccount:identity:identity-subgraph";

const { log, lines: logLines } = capturedLog();
/** Every answer of the server in this file, for the last test to search. */
const answers: string[] = [];
/** Every private key given in this file. */
const privateKeys: string[] = [];

let db: TestDatabase;
let ct: ConnectedTenant;
let cluster: IdentityProvider;
let dir: string;
let platformTokenFile: string;
const environment = { ...process.env };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "credential-kinds-"));
  platformTokenFile = join(dir, "azure-identity-token");
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, {
    users: 40,
    groups: 8,
    log,
    env: {
      AZURE_FEDERATED_TOKEN_FILE: platformTokenFile,
      // The organisations below that connect through the server's own identity; "elsewhere" is not one.
      PLATFORM_IDENTITY_ORGS: "workload-identity, platform-token-file,system-assigned,user-assigned,switching",
    },
  });
  Object.assign(process.env, ct.emulator.managedIdentity.environment);
  cluster = await createIdentityProvider(ISSUER);
  ct.emulator.trustIssuer(ISSUER, cluster.keys);
});

afterAll(async () => {
  process.env = environment;
  await ct?.close();
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

interface Credential {
  kind: string;
  hint: string | null;
  expiresAt: string | null;
}

interface Integration {
  id: string;
  status: string;
  clientSecretHint: string | null;
  credential: Credential;
}

async function request(document: string, variables: Record<string, unknown>, org: string) {
  const { body } = await ct.server.request(document, variables, { org });
  answers.push(JSON.stringify(body));
  return body;
}

/** addEntraIntegration as an admin calls it, with the tenant's id and the credential fields given. */
async function connect(org: string, clientId: string, credential: Record<string, unknown>, tenantId = ct.tenant.tenantId): Promise<Integration> {
  const body = await request(ADD_INTEGRATION, { input: { name: "Corporate Entra ID", tenantId, clientId, ...credential } }, org);
  expect(body.errors).toBeUndefined();
  await ct.server.app.runner.drain();
  return (body.data as { addEntraIntegration: Integration }).addEntraIntegration;
}

/** An app registration of the tenant, with every permission and admin consent. */
function registerApp(options: { certificates?: string[]; federatedCredentials?: { issuer: string; subject: string }[] }) {
  const clientId = randomUUID();
  ct.tenant.registerApp({ clientId, permissions: ALL_PERMISSIONS, ...options });
  return clientId;
}

function certificate(options?: Parameters<typeof makeAppCertificate>[0]): AppCertificate {
  const made = makeAppCertificate(options);
  privateKeys.push(made.privateKeyPem);
  return made;
}

/** openssl's form, as an admin compares it: upper-case hex without separators. */
const TEST_CONNECTION = /* GraphQL */ `
  mutation Test($input: EntraCredentialsInput!) { testEntraConnection(input: $input) { authenticated } }
`;
const INTEGRATIONS = /* GraphQL */ `query { entraIntegrations { id } }`;

const thumbprintOf = (pem: string) => new X509Certificate(pem).fingerprint256.replaceAll(":", "");

async function expectSyncedEveryUser(org: string, integration: Integration) {
  const synced = await syncNow(ct, integration.id, "INCREMENTAL", org);
  expect(synced.status).toBe("CONNECTED");
  const mirror = await readMirror(db.db, integration.id);
  expect(mirror.users.map((u) => u.id).sort()).toEqual(ct.tenant.users.map((u) => u.id).sort());
  expect(mirror.groups).toHaveLength(ct.tenant.groups.length);
}

describe("connecting a tenant without a client secret", () => {
  it("connects and syncs with a certificate, showing its SHA-256 thumbprint and expiry, never its key", async () => {
    const notAfter = new Date("2099-06-30T00:00:00Z");
    const made = certificate({ notAfter });
    const clientId = registerApp({ certificates: [made.certificatePem] });
    const integration = await connect("certificate", clientId, { certificate: made });
    expect(integration).toMatchObject({
      clientSecretHint: null,
      credential: { kind: "CERTIFICATE", hint: thumbprintOf(made.certificatePem), expiresAt: notAfter.toISOString() },
    });
    await expectSyncedEveryUser("certificate", integration);
    // msal signed assertions with the key and named the certificate by its thumbprint.
    const assertion = ct.emulator.requests.filter((r) => r.clientAssertion).at(-1)!.clientAssertion!;
    expect(assertion.claims).toMatchObject({ iss: clientId, sub: clientId });
    expect(assertion.header["x5t#S256"]).toBe(Buffer.from(thumbprintOf(made.certificatePem), "hex").toString("base64url"));
  });

  it("connects and syncs with workload identity federation, reading the token file for every token", async () => {
    const clientId = registerApp({ federatedCredentials: [{ issuer: ISSUER, subject: SERVICE_ACCOUNT }] });
    const tokenFile = join(dir, "projected-token");
    writeFileSync(tokenFile, await cluster.issue({ subject: SERVICE_ACCOUNT }));
    const integration = await connect("workload-identity", clientId, { workloadIdentity: { tokenFile } });
    expect(integration).toMatchObject({
      clientSecretHint: null,
      credential: { kind: "WORKLOAD_IDENTITY", hint: tokenFile, expiresAt: null },
    });
    await expectSyncedEveryUser("workload-identity", integration);
    const sent = ct.emulator.requests.filter((r) => r.clientAssertion).at(-1)!.clientAssertion!;
    expect(sent.claims).toMatchObject({ iss: ISSUER, sub: SERVICE_ACCOUNT, aud: "api://AzureADTokenExchange" });
  });

  it("uses the platform's AZURE_FEDERATED_TOKEN_FILE when no token file is given", async () => {
    const clientId = registerApp({ federatedCredentials: [{ issuer: ISSUER, subject: SERVICE_ACCOUNT }] });
    writeFileSync(platformTokenFile, await cluster.issue({ subject: SERVICE_ACCOUNT }));
    const integration = await connect("platform-token-file", clientId, { workloadIdentity: {} });
    expect(integration.credential).toEqual({ kind: "WORKLOAD_IDENTITY", hint: platformTokenFile, expiresAt: null });
    await expectSyncedEveryUser("platform-token-file", integration);
  });

  it("connects and syncs with the system-assigned managed identity, through the endpoint msal finds", async () => {
    const identity = ct.emulator.managedIdentity.assign(ct.tenant, { permissions: ALL_PERMISSIONS });
    const integration = await connect("system-assigned", identity.clientId, { managedIdentity: {} });
    expect(integration.credential).toEqual({ kind: "MANAGED_IDENTITY", hint: "system-assigned", expiresAt: null });
    await expectSyncedEveryUser("system-assigned", integration);
    const asked = ct.emulator.requests.filter((r) => r.path === "/msi/token");
    expect(asked.length).toBeGreaterThan(0);
  });

  it("refuses the server's own identity to an organisation the operator did not allow, testing and saving nothing", async () => {
    const federated = registerApp({ federatedCredentials: [{ issuer: ISSUER, subject: SERVICE_ACCOUNT }] });
    writeFileSync(platformTokenFile, await cluster.issue({ subject: SERVICE_ACCOUNT }));
    const identity = ct.emulator.managedIdentity.assign(ct.tenant, { clientId: randomUUID(), permissions: ALL_PERMISSIONS });
    const from = ct.emulator.requests.length;
    const tenantId = ct.tenant.tenantId;
    for (const [document, input, field] of [
      [ADD_INTEGRATION, { name: "Theirs", tenantId, clientId: federated, workloadIdentity: {} }, "input.workloadIdentity"],
      [TEST_CONNECTION, { tenantId, clientId: federated, workloadIdentity: { tokenFile: platformTokenFile } }, "input.workloadIdentity"],
      [ADD_INTEGRATION, { name: "Theirs", tenantId, clientId: identity.clientId, managedIdentity: { clientId: identity.clientId } }, "input.managedIdentity"],
      [TEST_CONNECTION, { tenantId, clientId: identity.clientId, managedIdentity: {} }, "input.managedIdentity"],
      // Refused before it is checked: told it may not, not how to give it.
      [TEST_CONNECTION, { tenantId, clientId: federated, workloadIdentity: { tokenFile: "relative/token" } }, "input.workloadIdentity"],
      [ADD_INTEGRATION, { name: "Theirs", tenantId, clientId: federated, managedIdentity: { clientId: identity.clientId } }, "input.managedIdentity"],
    ] as const) {
      const body = await request(document, { input }, "elsewhere");
      expect(body.data).toBeNull();
      expect(body.errors![0]).toMatchObject({ extensions: { code: "FORBIDDEN", field } });
      expect(body.errors![0].message).toMatch(/PLATFORM_IDENTITY_ORGS/);
    }
    expect(ct.emulator.requests.slice(from)).toEqual([]);
    const listed = await request(INTEGRATIONS, {}, "elsewhere");
    expect(listed.data).toEqual({ entraIntegrations: [] });
  });

  it("tests a managed identity again with a new token: roles granted since the last test are found", async () => {
    const clientId = randomUUID();
    const identity = ct.emulator.managedIdentity.assign(ct.tenant, { clientId, permissions: [] });
    const input = { tenantId: ct.tenant.tenantId, clientId, managedIdentity: { clientId } };
    const granted = async () => {
      const body = await request(`mutation($input: EntraCredentialsInput!) { testEntraConnection(input: $input) { permissions { granted } } }`, { input }, "user-assigned");
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return (body.data as { testEntraConnection: { permissions: { granted: boolean }[] } }).testEntraConnection.permissions.every((p) => p.granted);
    };
    expect(await granted()).toBe(false);
    // The admin assigns the Graph app roles (connecting-a-tenant.md, step 3d) and tests again.
    (identity.permissions as string[]).push(...ALL_PERMISSIONS);
    expect(await granted()).toBe(true);
  });

  it("connects and syncs with a user-assigned managed identity named by its client id", async () => {
    const clientId = randomUUID();
    ct.emulator.managedIdentity.assign(ct.tenant, { clientId, permissions: ALL_PERMISSIONS });
    const integration = await connect("user-assigned", clientId, { managedIdentity: { clientId } });
    expect(integration.credential).toEqual({ kind: "MANAGED_IDENTITY", hint: clientId, expiresAt: null });
    await expectSyncedEveryUser("user-assigned", integration);
    const asked = ct.emulator.requests.filter((r) => r.path === "/msi/token").at(-1)!;
    expect(new URLSearchParams(asked.query).get("client_id")).toBe(clientId);
  });
});

const UPDATE = /* GraphQL */ `
  mutation Update($id: ID!, $input: UpdateEntraIntegrationInput!) {
    updateEntraIntegration(id: $id, input: $input) { id status clientId clientSecretHint credential { kind hint expiresAt } }
  }
`;

describe("switching an integration's credential", () => {
  const org = "switching";
  let integration: Integration;
  let made: AppCertificate;

  beforeAll(async () => {
    // Connected with the app's secret, the tenant named by its domain as the docs allow; the
    // certificate is made but not uploaded yet.
    made = certificate();
    integration = await connect(org, ct.clientId, { clientSecret: ct.clientSecret }, "contoso.onmicrosoft.com");
    expect(integration.credential.kind).toBe("CLIENT_SECRET");
  });

  it("refuses a certificate Entra does not know, saving nothing and keeping the secret that works", async () => {
    const before = await integrationRow(integration.id);
    const body = await request(UPDATE, { id: integration.id, input: { certificate: made } }, org);
    expect(body.errors![0].extensions).toMatchObject({
      code: "ENTRA_AUTH_FAILED",
      reason: "CERTIFICATE_NOT_REGISTERED",
      aadsts: "AADSTS700027",
    });
    expect(body.errors![0].extensions!.hint).toMatch(/Upload the certificate/);
    expect(await integrationRow(integration.id)).toEqual(before);
    expect((await syncNow(ct, integration.id, "INCREMENTAL", org)).lastSync.status).toBe("SUCCEEDED");
  });

  it("switches from the secret to a certificate after testing it, and keeps the mirror: the next sync reads changes only", async () => {
    const mirror = await readMirror(db.db, integration.id);
    expect(mirror.users.length).toBe(ct.tenant.users.length);
    uploadCertificate(ct.tenant.app(ct.clientId)!, made.certificatePem);

    const body = await request(UPDATE, { id: integration.id, input: { certificate: made } }, org);
    expect(body.errors).toBeUndefined();
    expect((body.data as { updateEntraIntegration: Integration }).updateEntraIntegration).toMatchObject({
      clientSecretHint: null,
      credential: { kind: "CERTIFICATE", hint: thumbprintOf(made.certificatePem) },
    });
    // The secret is gone from the app: only the certificate can work now.
    ct.tenant.app(ct.clientId)!.secret = undefined;

    const synced = await syncNow(ct, integration.id, "INCREMENTAL", org);
    expect(synced.status).toBe("CONNECTED");
    expect(synced.lastSync).toMatchObject({ mode: "INCREMENTAL", status: "SUCCEEDED", usersUpserted: 0, groupsUpserted: 0 });
    expect(await readMirror(db.db, integration.id)).toEqual(mirror);
    expect(ct.emulator.requests.filter((r) => r.clientAssertion).at(-1)!.clientAssertion!.claims.iss).toBe(ct.clientId);
  });

  it("switches to a managed identity of another client id given with it, which the integration then shows (checked against the tenant's ID, found when it was connected by its domain); a client id alone is refused", async () => {
    const clientId = randomUUID();
    ct.emulator.managedIdentity.assign(ct.tenant, { clientId, permissions: ALL_PERMISSIONS });
    const alone = await request(UPDATE, { id: integration.id, input: { clientId } }, org);
    expect(alone.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.clientId" });

    const body = await request(UPDATE, { id: integration.id, input: { clientId, managedIdentity: { clientId } } }, org);
    expect(body.errors).toBeUndefined();
    expect((body.data as { updateEntraIntegration: Integration }).updateEntraIntegration).toMatchObject({
      clientId,
      credential: { kind: "MANAGED_IDENTITY", hint: clientId },
    });
    const synced = await syncNow(ct, integration.id, "INCREMENTAL", org);
    expect(synced.status).toBe("CONNECTED");
    const asked = ct.emulator.requests.filter((r) => r.path === "/msi/token").at(-1)!;
    expect(new URLSearchParams(asked.query).get("client_id")).toBe(clientId);
  });
});

async function integrationRow(id: string) {
  const [row] = await selectRows<Record<string, unknown>>(db.db, sql`select * from integrations where id = ${id}`);
  return row;
}

describe("credentials at rest and in the open", () => {
  it("never show a private key or a secret in an answer, a log line or any table's rows", async () => {
    const bodies = privateKeys.flatMap((pem) => pem.split("\n").filter((line) => line && !line.startsWith("-----")));
    expect(bodies.length).toBeGreaterThan(10);
    const tables = await selectRows<{ name: string }>(
      db.db,
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.name)).toContain("integrations");
    const rows: string[] = [];
    for (const { name } of tables) {
      const found = await selectRows<{ row: string }>(db.db, sql`select row_to_json(t)::text as row from ${sql.identifier(name)} t`);
      rows.push(...found.map((r) => r.row));
    }
    const sealed = await selectRows<{ sealed: string }>(db.db, sql`select sealed_credential as sealed from integrations`);
    expect(sealed.length).toBeGreaterThanOrEqual(6);
    expect(sealed.every((s) => s.sealed.startsWith("v2."))).toBe(true);

    for (const [place, text] of [
      ["answers", answers.join("\n")],
      ["log lines", logLines.join("\n")],
      ["database rows", rows.join("\n")],
    ] as const) {
      for (const body of bodies) expect(text, place).not.toContain(body);
      expect(text, place).not.toContain(ct.clientSecret);
    }
  });
});
