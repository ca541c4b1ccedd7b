// Expiry before it bites: an integration whose certificate or client secret expires within the
// warning window (CREDENTIAL_EXPIRY_WARNING_DAYS, 30 by default) turns WARNING with
// CREDENTIAL_EXPIRING, the date and the fix, after a run or on the scheduler's tick; back when the
// credential is replaced; FAILED wins over it; and /metrics tells Prometheus the seconds left.
import { randomUUID, X509Certificate } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { integrations } from "../src/db/schema.js";
import { makeAppCertificate, type AppCertificate } from "./emulator/app-certificates.js";
import { uploadCertificate } from "./emulator/app-credentials.js";
import { ADD_INTEGRATION, ALL_PERMISSIONS, startTenantAndServer, syncNow, type ConnectedTenant } from "./support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

const DAY_MS = 86_400_000;

let db: TestDatabase;
let ct: ConnectedTenant;

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 12, groups: 3 });
});
afterEach(() => vi.useRealTimers());
afterAll(async () => {
  await ct?.close();
  await db?.destroy();
});

const INTEGRATION = /* GraphQL */ `
  query Integration($id: ID!) {
    entraIntegration(id: $id) {
      status
      statusReason { code reason message hint }
      credential { kind hint expiresAt }
      lastSync { status error { code reason message hint } }
    }
  }
`;

const UPDATE = /* GraphQL */ `
  mutation Update($id: ID!, $input: UpdateEntraIntegrationInput!) {
    updateEntraIntegration(id: $id, input: $input) { status statusReason { code } credential { kind hint expiresAt } }
  }
`;

interface Integration {
  status: string;
  statusReason: { code: string; reason: string | null; message: string; hint: string | null } | null;
  credential: { kind: string; hint: string; expiresAt: string | null };
  lastSync: { status: string; error: { code: string; reason: string | null; message: string; hint: string | null } | null };
}

async function integration(id: string, org: string): Promise<Integration> {
  const { body } = await ct.server.request(INTEGRATION, { id }, { org });
  expect(body.errors).toBeUndefined();
  return (body.data as { entraIntegration: Integration }).entraIntegration;
}

async function update(id: string, org: string, input: Record<string, unknown>) {
  const { body } = await ct.server.request(UPDATE, { id, input }, { org });
  expect(body.errors).toBeUndefined();
  return (body.data as { updateEntraIntegration: Pick<Integration, "status" | "statusReason" | "credential"> }).updateEntraIntegration;
}

/** Connects the tenant in `org` with `credential` for app `clientId`, and waits for its first sync. */
async function connect(org: string, clientId: string, credential: Record<string, unknown>): Promise<string> {
  const { body } = await ct.server.request(
    ADD_INTEGRATION,
    { input: { name: "Corporate Entra ID", tenantId: ct.tenant.tenantId, clientId, ...credential } },
    { org },
  );
  expect(body.errors).toBeUndefined();
  await ct.server.app.runner.drain();
  return (body.data as { addEntraIntegration: { id: string } }).addEntraIntegration.id;
}

function certificateApp(validDays: number, permissions = ALL_PERMISSIONS): { clientId: string; certificate: AppCertificate } {
  const certificate = makeAppCertificate({ notAfter: new Date(Date.now() + validDays * DAY_MS) });
  const clientId = randomUUID();
  ct.tenant.registerApp({ clientId, certificates: [certificate.certificatePem], permissions });
  return { clientId, certificate };
}

const thumbprintOf = (pem: string) => new X509Certificate(pem).fingerprint256.replaceAll(":", "");
const notAfterOf = (pem: string) => new Date(new X509Certificate(pem).validTo).toISOString();

/** Moves this process's clock (ours and the emulator's alike) `days` ahead. */
function daysLater(days: number): void {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + days * DAY_MS);
}

describe("a certificate that expires in 10 days", () => {
  const org = "ten-days";
  let id: string;
  let app: ReturnType<typeof certificateApp>;

  beforeAll(async () => {
    app = certificateApp(10);
    id = await connect(org, app.clientId, { certificate: app.certificate });
  });

  it("syncs, and shows WARNING with CREDENTIAL_EXPIRING, the certificate, its date and the fix", async () => {
    const shown = await integration(id, org);
    expect(shown.lastSync).toMatchObject({ status: "SUCCEEDED", error: null });
    expect(shown.status).toBe("WARNING");
    expect(shown.statusReason).toEqual({
      code: "CREDENTIAL_EXPIRING",
      reason: null,
      message: `The certificate ${thumbprintOf(app.certificate.certificatePem)} expires on ${notAfterOf(app.certificate.certificatePem)}; syncs fail from then on`,
      hint: expect.stringMatching(/^Make a new certificate, upload it .* updateEntraIntegration \(certificate\)/),
    });
    expect(shown.credential.expiresAt).toBe(notAfterOf(app.certificate.certificatePem));
  });

  it("keeps the warning through the next run and the scheduler's ticks", async () => {
    await syncNow(ct, id, "INCREMENTAL", org);
    await ct.server.app.scheduler.tick();
    expect(await integration(id, org)).toMatchObject({ status: "WARNING", statusReason: { code: "CREDENTIAL_EXPIRING" } });
  });

  it("is CONNECTED again once a certificate valid for a year replaces it, tested first", async () => {
    const renewed = makeAppCertificate({ notAfter: new Date(Date.now() + 365 * DAY_MS) });
    uploadCertificate(ct.tenant.app(app.clientId)!, renewed.certificatePem);
    const updated = await update(id, org, { certificate: renewed });
    expect(updated).toEqual({
      status: "CONNECTED",
      statusReason: null,
      credential: { kind: "CERTIFICATE", hint: thumbprintOf(renewed.certificatePem), expiresAt: notAfterOf(renewed.certificatePem) },
    });
  });
});

describe("a client secret given an expiry", () => {
  const org = "dated-secret";
  let id: string;
  const expiresAt = new Date(Date.now() + 60 * DAY_MS);

  beforeAll(async () => {
    id = await connect(org, ct.clientId, { clientSecret: ct.clientSecret, clientSecretExpiresAt: expiresAt.toISOString() });
  });

  it("is CONNECTED while its expiry is further than the window", async () => {
    expect(await integration(id, org)).toMatchObject({
      status: "CONNECTED",
      statusReason: null,
      credential: { kind: "CLIENT_SECRET", hint: `••••${ct.clientSecret.slice(-4)}`, expiresAt: expiresAt.toISOString() },
    });
  });

  it("turns WARNING on the scheduler's tick once the expiry comes within 30 days, with no one looking", async () => {
    // Not due in the meantime, so that the tick alone judges it (no run ends to do so).
    await db.db.update(integrations).set({ nextSyncAt: new Date(Date.now() + 100 * DAY_MS) }).where(eq(integrations.id, id));
    daysLater(35);
    await ct.server.app.scheduler.tick();
    const shown = await integration(id, org);
    expect(shown.status).toBe("WARNING");
    expect(shown.statusReason).toMatchObject({
      code: "CREDENTIAL_EXPIRING",
      message: `The client secret ••••${ct.clientSecret.slice(-4)} expires on ${expiresAt.toISOString()}; syncs fail from then on`,
      hint: expect.stringMatching(/Create a new client secret .* clientSecretExpiresAt/),
    });
    // Other integrations fell due in those 35 days: their runs end before the clock goes back.
    await ct.server.app.runner.drain();
  });

  it("is CONNECTED again when the admin gives the secret a later expiry, without testing the secret again", async () => {
    daysLater(35);
    const tokenRequests = () => ct.emulator.requests.filter((r) => r.path.endsWith("/oauth2/v2.0/token")).length;
    const before = tokenRequests();
    const later = new Date(Date.now() + 300 * DAY_MS).toISOString();
    const updated = await update(id, org, { clientSecretExpiresAt: later });
    expect(updated).toMatchObject({ status: "CONNECTED", statusReason: null, credential: { kind: "CLIENT_SECRET", expiresAt: later } });
    expect(tokenRequests()).toBe(before);
  });

  it("is refused a secret's expiry on an integration without a secret", async () => {
    const other = certificateApp(365);
    const certificateId = await connect("no-secret", other.clientId, { certificate: other.certificate });
    const { body } = await ct.server.request(
      UPDATE,
      { id: certificateId, input: { clientSecretExpiresAt: new Date(Date.now() + DAY_MS).toISOString() } },
      { org: "no-secret" },
    );
    expect(body.errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", field: "input.clientSecretExpiresAt" });
  });
});

describe("an app connected under least privilege", () => {
  it("warns of its certificate expiring rather than of the permission it goes without, which warns again once the certificate is replaced", async () => {
    const org = "least-privilege";
    const app = certificateApp(10, ["User.Read.All", "Group.Read.All"]);
    const id = await connect(org, app.clientId, { certificate: app.certificate });
    expect(await integration(id, org)).toMatchObject({ status: "WARNING", statusReason: { code: "CREDENTIAL_EXPIRING" } });
    await syncNow(ct, id, "INCREMENTAL", org);
    await ct.server.app.scheduler.tick();
    expect(await integration(id, org)).toMatchObject({ status: "WARNING", statusReason: { code: "CREDENTIAL_EXPIRING" } });

    const renewed = makeAppCertificate({ notAfter: new Date(Date.now() + 365 * DAY_MS) });
    uploadCertificate(ct.tenant.app(app.clientId)!, renewed.certificatePem);
    await update(id, org, { certificate: renewed });
    await syncNow(ct, id, "INCREMENTAL", org);
    expect(await integration(id, org)).toMatchObject({ status: "WARNING", statusReason: { code: "PERMISSION_MISSING" } });
  });
});

describe("an expiry warning and a failure", () => {
  it("shows FAILED rather than the warning when a run fails, and the stored certificate's own expiry names its date", async () => {
    const org = "expired";
    const app = certificateApp(2);
    const id = await connect(org, app.clientId, { certificate: app.certificate });
    expect((await integration(id, org)).statusReason?.code).toBe("CREDENTIAL_EXPIRING");

    daysLater(3);
    const shown = await syncNow(ct, id, "INCREMENTAL", org);
    expect(shown.status).toBe("FAILED");
    await ct.server.app.scheduler.tick();
    const failed = await integration(id, org);
    expect(failed.status).toBe("FAILED");
    expect(failed.statusReason).toEqual(failed.lastSync.error);
    expect(failed.lastSync.error).toEqual({
      code: "ENTRA_AUTH_FAILED",
      reason: "CERTIFICATE_EXPIRED",
      message: `Authentication failed: the certificate has expired (${thumbprintOf(app.certificate.certificatePem)} expired on ${notAfterOf(app.certificate.certificatePem)}).`,
      hint: expect.stringMatching(/^Make a new certificate/),
    });
  });
});

describe("GET /metrics", () => {
  it("exports the seconds until each known expiry, by integration and organisation", async () => {
    const org = "metrics";
    const app = certificateApp(10);
    const id = await connect(org, app.clientId, { certificate: app.certificate });
    const text = await (await fetch(`${ct.server.url}/metrics`)).text();
    expect(text).toContain("# TYPE identity_credential_expiry_seconds gauge");
    const line = text.split("\n").find((l) => l.startsWith(`identity_credential_expiry_seconds{integration_id="${id}",org="${org}"} `));
    const seconds = Number(line!.split(" ").at(-1));
    const expected = (new Date(notAfterOf(app.certificate.certificatePem)).getTime() - Date.now()) / 1000;
    expect(Math.abs(seconds - expected)).toBeLessThan(60);
    expect(seconds).toBeGreaterThan(9 * 86400);
  });
});
