// Connecting tenants as an admin does: validation, the token endpoint's refusals, duplicates,
// permissions, updates and removal — and that a client secret never leaks.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../src/db/rows.js";
import {
  ADD_INTEGRATION,
  connectTenant,
  INTEGRATION_STATUS,
  startTenantAndServer,
  SYNC_INTEGRATION,
  type ConnectedTenant,
} from "./support/connected-tenant.js";
import { capturedLog } from "./support/captured-log.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { TEST_JWT_SECRET } from "./support/server.js";

const { log, lines: logLines } = capturedLog();

let db: TestDatabase;
let ct: ConnectedTenant;

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 40, groups: 8, log });
});
afterAll(async () => {
  await ct?.close();
  await db?.destroy();
});

const TEST_CONNECTION = /* GraphQL */ `
  mutation Test($input: EntraCredentialsInput!) {
    testEntraConnection(input: $input) {
      authenticated tenantId
      error { code message hint }
      permissions { permission tier granted message hint }
    }
  }
`;

const UPDATE = /* GraphQL */ `
  mutation Update($id: ID!, $input: UpdateEntraIntegrationInput!) {
    updateEntraIntegration(id: $id, input: $input) { id name clientSecretHint syncIntervalMinutes status }
  }
`;

const REMOVE = /* GraphQL */ `mutation Remove($id: ID!) { removeEntraIntegration(id: $id) }`;

/** The tables that still hold rows of the integration, of every table with an integration id. */
async function tablesHolding(integrationId: string): Promise<string[]> {
  const tables = await selectRows<{ name: string }>(
    db.db,
    sql`select table_name as name from information_schema.columns
         where table_schema = current_schema() and column_name = 'integration_id'`,
  );
  expect(tables.length).toBeGreaterThan(10);
  const holding: string[] = [];
  for (const { name } of tables) {
    const [row] = await selectRows<{ n: number }>(
      db.db,
      sql`select count(*)::int as n from ${sql.identifier(name)} where integration_id = ${integrationId}`,
    );
    if (row.n > 0) holding.push(name);
  }
  return holding;
}

/**
 * Until the removal's delete waits for the run's hold on the integration (PostgreSQL). PGlite's
 * one connection queues the removal behind the run's transaction whenever it arrives.
 */
async function removalWaitingForTheRun(): Promise<void> {
  if (!process.env.DATABASE_URL) return;
  const waiting = async () =>
    (
      await selectRows<{ n: number }>(
        db.db,
        sql`select count(*)::int as n from pg_stat_activity
             where datname = current_database() and wait_event_type = 'Lock' and query like 'delete from "integrations"%'`,
      )
    )[0].n;
  await expect.poll(waiting).toBe(1);
}

const LIST = /* GraphQL */ `{ entraIntegrations { id name tenantId status } }`;

function input(overrides: Record<string, unknown> = {}) {
  return {
    name: "Corporate Entra ID",
    tenantId: ct.tenant.tenantId,
    clientId: ct.clientId,
    clientSecret: ct.clientSecret,
    ...overrides,
  };
}

async function integrationCount(): Promise<number> {
  const [row] = await selectRows<{ n: number }>(db.db, sql`select count(*)::int as n from integrations`);
  return row.n;
}

async function addExpectingError(org: string, overrides: Record<string, unknown>) {
  const before = await integrationCount();
  const { body } = await ct.server.request(ADD_INTEGRATION, { input: input(overrides) }, { org });
  expect(body.data).toBeNull();
  expect(await integrationCount()).toBe(before);
  return body.errors![0];
}

describe("connecting a tenant", () => {
  it("refuses callers without the admin role, and callers without a token", async () => {
    for (const operation of [LIST, `{ entraIntegration(id: "${randomUUID()}") { id } }`]) {
      const { body } = await ct.server.request(operation, {}, { roles: ["viewer"] });
      expect(body.errors![0].extensions!.code).toBe("FORBIDDEN");
    }
    const { body } = await ct.server.request(ADD_INTEGRATION, { input: input() }, { roles: [] });
    expect(body.errors![0].extensions!.code).toBe("FORBIDDEN");
    const anonymous = await ct.server.request(ADD_INTEGRATION, { input: input() }, { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors![0].extensions!.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a token whose org claim is not a name, rather than acting in the default organisation", async () => {
    const secret = new TextEncoder().encode(TEST_JWT_SECRET);
    for (const org of [5, "", "  ", "default\u0000"]) {
      const token = await new SignJWT({ org, roles: ["admin"] }).setProtectedHeader({ alg: "HS256" }).setSubject("admin").sign(secret);
      const { status, body } = await ct.server.request(LIST, {}, { token });
      expect(status, JSON.stringify(org)).toBe(401);
      expect(body.errors![0].extensions!.code).toBe("UNAUTHENTICATED");
    }
  });

  it.each([
    ["input.tenantId", { tenantId: "not a tenant" }],
    ["input.clientId", { clientId: "my-app" }],
    ["input.name", { name: "" }],
    ["input.name", { name: "x".repeat(101) }],
    ["input.name", { name: "Corporate\u0000" }],
    ["input.clientSecret", { clientSecret: "  " }],
    ["input.syncIntervalMinutes", { syncIntervalMinutes: 0 }],
  ])("refuses bad input naming the field %s, and saves nothing", async (field, overrides) => {
    const error = await addExpectingError("validation", overrides);
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });

  it("names each of the token endpoint's refusals, and saves nothing", async () => {
    const expired = randomUUID();
    ct.tenant.registerApp({ clientId: expired, secret: "expired-secret-value", secretExpired: true, permissions: [] });
    const elsewhere = ct.emulator.addTenant({ tenantId: randomUUID(), domains: ["fabrikam.onmicrosoft.com"] });
    const foreignApp = randomUUID();
    elsewhere.registerApp({ clientId: foreignApp, secret: "foreign-secret-value", multiTenant: true });
    const cases: [Record<string, unknown>, string, string, RegExp][] = [
      [{ tenantId: randomUUID() }, "UNKNOWN_TENANT", "AADSTS90002", /tenant was not found.*Tenant ID.*cloud/],
      [{ clientId: randomUUID() }, "UNKNOWN_CLIENT", "AADSTS700016", /Client ID/],
      [{ clientSecret: "wrong-secret-value" }, "WRONG_SECRET", "AADSTS7000215", /secret/i],
      [{ clientId: expired, clientSecret: "expired-secret-value" }, "EXPIRED_SECRET", "AADSTS7000222", /expired/i],
      [{ clientId: foreignApp, clientSecret: "foreign-secret-value" }, "APP_NOT_IN_TENANT", "AADSTS7000229", /another tenant.*\/adminconsent\?client_id=/],
    ];
    for (const [overrides, reason, aadsts, wording] of cases) {
      const error = await addExpectingError("refusals", overrides);
      expect(error.extensions).toMatchObject({ code: "ENTRA_AUTH_FAILED", reason, aadsts });
      expect(`${error.message} ${error.extensions!.hint}`).toMatch(wording);
    }
  });

  it("tests a connection without saving it, one check per permission", async () => {
    const { body } = await ct.server.request(TEST_CONNECTION, {
      input: { tenantId: ct.tenant.tenantId, clientId: ct.clientId, clientSecret: ct.clientSecret },
    });
    expect(body.errors).toBeUndefined();
    const result = (body.data as any).testEntraConnection;
    expect(result).toMatchObject({ authenticated: true, tenantId: ct.tenant.tenantId, error: null });
    expect(result.permissions.map((p: any) => [p.permission, p.tier, p.granted])).toEqual([
      ["User.Read.All", "CORE", true],
      ["Group.Read.All", "CORE", true],
      ["RoleManagement.Read.Directory", "RECOMMENDED", true],
      ["RoleEligibilitySchedule.Read.Directory", "RECOMMENDED", true],
      ["Application.Read.All", "RECOMMENDED", true],
      ["AuditLog.Read.All", "OPTIONAL", true],
    ]);
    expect(await integrationCount()).toBe(0);
  });

  it("saves, syncs, and never shows, logs or stores the secret in the clear", async () => {
    const { body } = await ct.server.request(ADD_INTEGRATION, { input: input() }, { org: "secrets" });
    expect(body.errors).toBeUndefined();
    const added = (body.data as any).addEntraIntegration;
    expect(added).toMatchObject({
      name: "Corporate Entra ID",
      tenantId: ct.tenant.tenantId,
      clientId: ct.clientId,
      cloud: "GLOBAL",
      clientSecretHint: `••••${ct.clientSecret.slice(-4)}`,
    });
    expect(["PENDING", "SYNCING"]).toContain(added.status);
    await ct.server.app.runner.drain();
    const status = await ct.server.request(INTEGRATION_STATUS, { id: added.id }, { org: "secrets" });
    expect((status.body.data as any).entraIntegration).toMatchObject({
      status: "CONNECTED",
      lastSync: { mode: "FULL", status: "SUCCEEDED", usersUpserted: ct.tenant.users.length, error: null },
    });

    expect(JSON.stringify(body)).not.toContain(ct.clientSecret);
    expect(logLines.join("\n")).not.toContain(ct.clientSecret);
    const rows = await selectRows<{ row: string }>(db.db, sql`select row_to_json(i)::text as row from integrations i`);
    expect(rows.length).toBeGreaterThan(0);
    for (const { row } of rows) expect(row).not.toContain(ct.clientSecret);

    await ct.server.request(REMOVE, { id: added.id }, { org: "secrets" });
  });

  it("refuses a tenant already connected in the organisation, by id or by domain", async () => {
    const first = await connectTenant(ct, "conflicts");
    expect((await addExpectingError("conflicts", {})).extensions!.code).toBe("CONFLICT");
    const byDomain = await addExpectingError("conflicts", { tenantId: "contoso.onmicrosoft.com" });
    expect(byDomain.extensions!.code).toBe("CONFLICT");
    // Another organisation may connect the same tenant.
    const other = await connectTenant(ct, "conflicts-elsewhere");
    expect(other.id).not.toBe(first.id);
  });

  it("keeps organisations' integrations apart", async () => {
    const mine = await connectTenant(ct, "org-a");
    const { body } = await ct.server.request(INTEGRATION_STATUS, { id: mine.id }, { org: "org-b" });
    expect(body.errors![0].extensions!.code).toBe("FORBIDDEN");
    const list = await ct.server.request(LIST, {}, { org: "org-b" });
    expect((list.body.data as any).entraIntegrations.map((i: any) => i.id)).not.toContain(mine.id);
    const missing = await ct.server.request(INTEGRATION_STATUS, { id: randomUUID() }, { org: "org-a" });
    expect(missing.body).toEqual({ data: { entraIntegration: null } });
  });

  it("renames, changes the interval, and rotates a secret only after testing it", async () => {
    const { id } = await connectTenant(ct, "updates");
    const renamed = await ct.server.request(UPDATE, { id, input: { name: "HQ", syncIntervalMinutes: 60 } }, { org: "updates" });
    expect((renamed.body.data as any).updateEntraIntegration).toMatchObject({ name: "HQ", syncIntervalMinutes: 60 });

    const refused = await ct.server.request(UPDATE, { id, input: { clientSecret: "not-the-secret" } }, { org: "updates" });
    expect(refused.body.errors![0].extensions).toMatchObject({ code: "ENTRA_AUTH_FAILED", aadsts: "AADSTS7000215" });

    const app = ct.tenant.app(ct.clientId)!;
    const rotated = `R8~${randomUUID()}`;
    app.secret = rotated;
    const ok = await ct.server.request(UPDATE, { id, input: { clientSecret: rotated } }, { org: "updates" });
    expect((ok.body.data as any).updateEntraIntegration.clientSecretHint).toBe(`••••${rotated.slice(-4)}`);
    app.secret = ct.clientSecret;
    await ct.server.request(UPDATE, { id, input: { clientSecret: ct.clientSecret } }, { org: "updates" });
  });

  it("syncs incrementally when the mode is left out or sent as null", async () => {
    const { id } = await connectTenant(ct, "modes");
    for (const variables of [{ id }, { id, mode: null }]) {
      const { body } = await ct.server.request(SYNC_INTEGRATION, variables, { org: "modes" });
      expect(body.errors).toBeUndefined();
      expect((body.data as any).syncEntraIntegration).toMatchObject({ mode: "INCREMENTAL", status: "RUNNING" });
      await ct.server.app.runner.drain();
    }
  });

  it("removes an integration with all of its mirror data", async () => {
    const { id } = await connectTenant(ct, "removals");
    expect(await tablesHolding(id)).toEqual(
      expect.arrayContaining(["sync_runs", "directory_users", "directory_user_emails", "group_memberships", "user_department_history"]),
    );
    const { body } = await ct.server.request(REMOVE, { id }, { org: "removals" });
    expect(body).toEqual({ data: { removeEntraIntegration: true } });
    expect(await tablesHolding(id)).toEqual([]);
    const again = await ct.server.request(REMOVE, { id }, { org: "removals" });
    expect(again.body.errors![0].extensions!.code).toBe("NOT_FOUND");
  });

  it("removes an integration during its sync once the run ends, leaving none of the run's rows", async () => {
    const { id } = await connectTenant(ct, "removals");
    // A membership the run will add, not one it only refreshes.
    ct.tenant.addMember(ct.tenant.addGroup().id, ct.tenant.users[0].id);
    // The run waits on its groups request, inside its transaction, with its users written.
    const graph = ct.emulator.faults.hold(1, { pathPrefix: "/v1.0/groups/delta" });
    const started = await ct.server.request(SYNC_INTEGRATION, { id, mode: "FULL" }, { org: "removals" });
    expect(started.body.errors).toBeUndefined();
    await graph.arrived(1);
    const removal = ct.server.request(REMOVE, { id }, { org: "removals" });
    await removalWaitingForTheRun();
    graph.release();
    expect((await removal).body).toEqual({ data: { removeEntraIntegration: true } });
    await ct.server.app.runner.drain();
    expect(await tablesHolding(id)).toEqual([]);
  });
});
