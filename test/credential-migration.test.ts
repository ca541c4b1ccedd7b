// Upgrading to credential kinds: an integration saved by the release before them (a sealed client
// secret and its hint, in columns that no longer exist) comes through the migration as a
// CLIENT_SECRET credential that still opens, still shows its hint, and still syncs.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../src/db/rows.js";
import { startServerFor, startTenant, syncNow, type EmulatedTenant } from "./support/connected-tenant.js";
import { createTestDatabaseAt, type TestDatabase } from "./support/database.js";
import { sealedBeforeCredentialKinds } from "./support/sealed-before-kinds.js";
import { TEST_SECRETS_KEY, type TestServer } from "./support/server.js";

const ORG = "upgraded";

let db: TestDatabase;
let emulated: EmulatedTenant;
let server: TestServer;
let integrationId: string;

beforeAll(async () => {
  db = await createTestDatabaseAt("0001_links_and_service_principals");
  emulated = await startTenant({ users: 30, groups: 5 });
  // As the previous release's addEntraIntegration wrote it.
  const [row] = await selectRows<{ id: string }>(
    db.db,
    sql`insert into integrations (org_id, name, tenant_id, client_id, sealed_secret, secret_hint, status)
        values (${ORG}, 'Corporate Entra ID', ${emulated.tenant.tenantId}, ${emulated.clientId},
                ${sealedBeforeCredentialKinds(emulated.clientSecret, Buffer.from(TEST_SECRETS_KEY, "base64"))},
                ${`••••${emulated.clientSecret.slice(-4)}`}, 'PENDING')
        returning id`,
  );
  integrationId = row!.id;
  await db.migrate();
  server = await startServerFor(db, emulated.emulator);
});

afterAll(async () => {
  await server?.close();
  await emulated?.emulator.close();
  await db?.destroy();
});

const INTEGRATION = /* GraphQL */ `
  query Integration($id: ID!) {
    entraIntegration(id: $id) { status clientSecretHint credential { kind hint expiresAt } }
  }
`;

describe("the credential kinds migration", () => {
  it("carries an existing client secret over as a CLIENT_SECRET credential, hint kept, expiry unknown", async () => {
    const columns = await selectRows<{ column_name: string }>(
      db.db,
      sql`select column_name from information_schema.columns where table_name = 'integrations'
          and (column_name like '%secret%' or column_name like 'credential%' or column_name like 'sealed%')`,
    );
    expect(columns.map((c) => c.column_name).sort()).toEqual([
      "credential_expires_at",
      "credential_hint",
      "credential_kind",
      "sealed_credential",
    ]);
    const { body } = await server.request(INTEGRATION, { id: integrationId }, { org: ORG });
    expect(body.errors).toBeUndefined();
    const hint = `••••${emulated.clientSecret.slice(-4)}`;
    expect((body.data as any).entraIntegration).toEqual({
      status: "PENDING",
      clientSecretHint: hint,
      credential: { kind: "CLIENT_SECRET", hint, expiresAt: null },
    });
  });

  it("syncs with the carried-over secret, which still opens under the same SECRETS_KEY", async () => {
    const integration = await syncNow({ server }, integrationId, "FULL", ORG);
    expect(integration).toMatchObject({
      status: "CONNECTED",
      lastSync: { status: "SUCCEEDED", usersUpserted: emulated.tenant.users.length, error: null },
    });
  });
});
