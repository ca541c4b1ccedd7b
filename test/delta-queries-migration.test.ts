// Upgrading to delta links that remember their queries (migration 0013): the links stored before
// were made by the queries every release had until then, so they are marked as made by those, and
// a release whose queries are the same goes on incrementally.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { selectRows } from "../src/db/rows.js";
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

// The queries of every release before 0013, as it wrote them: a later release's DELTA_QUERIES may differ.
const QUERIES_BEFORE_0013 =
  "/v1.0/users/delta?$select=id,displayName,mail,userPrincipalName,jobTitle,department,accountEnabled,userType,otherMails,proxyAddresses,manager" +
  " /v1.0/groups/delta?$select=id,displayName,mail,description,groupTypes,mailEnabled,securityEnabled,members" +
  " /v1.0/servicePrincipals/delta?$select=id,appId,displayName,servicePrincipalType,accountEnabled";

it("marks the links stored before it as made by the queries of the releases before it, and an integration without links as having none", async () => {
  const rows = await selectRows<{ name: string; queries: string | null }>(
    db.db,
    sql`select name, delta_links_queries as queries from integrations order by name`,
  );
  expect(rows).toEqual([
    { name: "Never synced", queries: null },
    { name: "Synced", queries: QUERIES_BEFORE_0013 },
  ]);
});
