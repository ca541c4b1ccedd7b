// Upgrading to department history: a person the release before it mirrored has no history, and
// the migration gives them their department "since before the first sync", so that a pipeline
// stamping a trace's department at its time gets it, before and after the person moves.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { selectRows } from "../src/db/rows.js";
import { upsertUsers } from "../src/mirror/users.js";
import { createTestDatabaseAt, type TestDatabase } from "./support/database.js";
import { startTestServer, type TestServer } from "./support/server.js";

const RESOLVE = /* GraphQL */ `
  query Resolve($inputs: [IdentityInput!]!) { resolveIdentities(inputs: $inputs) { userId department } }
`;
const LAST_YEAR = "2025-01-01T00:00:00Z";

let db: TestDatabase;
let server: TestServer;
let integrationId: string;

beforeAll(async () => {
  db = await createTestDatabaseAt("0000_mirror");
  // As the release before department history mirrored Grace.
  const [row] = await selectRows<{ id: string }>(
    db.db,
    sql`insert into integrations (org_id, name, tenant_id, client_id, sealed_secret, secret_hint, status)
        values ('acme', 'Acme', 'acme.onmicrosoft.com', '00000000-0000-4000-8000-0000000000c1', 'sealed', '••••x', 'CONNECTED')
        returning id`,
  );
  integrationId = row!.id;
  await db.db.execute(sql`insert into directory_users (integration_id, id, display_name, mail, user_principal_name, department)
        values (${integrationId}, 'u-grace', 'Grace', 'grace@acme.com', 'grace@acme.onmicrosoft.com', 'Engineering')`);
  await db.db.execute(sql`insert into directory_user_emails (integration_id, address, user_id, rank)
        values (${integrationId}, 'grace@acme.com', 'u-grace', 0)`);
  await db.migrate();
  server = await startTestServer(db);
});

afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

async function departments(...at: (string | undefined)[]): Promise<(string | null)[]> {
  const inputs = at.map((when) => (when ? { email: "grace@acme.com", at: when } : { email: "grace@acme.com" }));
  const { body } = await server.request(RESOLVE, { inputs }, { org: "acme", roles: [] });
  expect(body.errors).toBeUndefined();
  return (body.data as { resolveIdentities: { department: string | null }[] }).resolveIdentities.map((r) => r.department);
}

it("gives a person mirrored before it their department at any time, and keeps it for earlier traces once they move", async () => {
  expect(await departments(undefined, LAST_YEAR, new Date().toISOString())).toEqual(["Engineering", "Engineering", "Engineering"]);
  // A sync finds Grace moved to Research.
  await upsertUsers(db.db, integrationId, [{ id: "u-grace", department: "Research" }]);
  expect(await departments(undefined, LAST_YEAR)).toEqual(["Research", "Engineering"]);
});
