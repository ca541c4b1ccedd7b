// Upgrading to delta links that remember their queries (migration 0013): the links stored before
// were made by today's queries, so they are kept, and the next run goes on incrementally.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { selectRows } from "../src/db/rows.js";
import { DELTA_QUERIES } from "../src/entra/sync/sync-directory.js";
import { createTestDatabaseAt, type TestDatabase } from "./support/database.js";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabaseAt("0012_sign_in_account_created");
  for (const [name, link] of [
    ["Synced", "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=abc"],
    ["Never synced", null],
  ] as const) {
    await db.db.execute(sql`insert into integrations (org_id, name, tenant_id, client_id, credential_kind, sealed_credential, credential_hint, status, users_delta_link)
      values ('acme', ${name}, ${`${name}.onmicrosoft.com`}, '00000000-0000-4000-8000-0000000000c1', 'CLIENT_SECRET', 'sealed', '••••x', 'CONNECTED', ${link})`);
  }
  await db.migrate();
});
afterAll(async () => {
  await db?.destroy();
});

it("marks the links stored before it as made by today's queries, and an integration without links as having none", async () => {
  const rows = await selectRows<{ name: string; queries: string | null }>(
    db.db,
    sql`select name, delta_links_queries as queries from integrations order by name`,
  );
  expect(rows).toEqual([
    { name: "Never synced", queries: null },
    { name: "Synced", queries: DELTA_QUERIES },
  ]);
});
