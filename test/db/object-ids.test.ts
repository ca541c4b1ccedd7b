// Directory object ids compare byte by byte in every column that holds one (`objectId` in
// src/db/schema.ts): joins between them keep their indexes only if they share one collation, and
// a sync's index maintenance skips the locale's rules. A new text column named like an id must
// either hold object ids or be named here as an id of something else.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../src/db/rows.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/** Text columns named like ids that do not hold directory object ids. */
const OTHER_IDS = new Set([
  "integrations.org_id",
  "integrations.tenant_id",
  "integrations.directory_tenant_id",
  "integrations.client_id",
  "ai_applications.org_id",
  "api_key_links.org_id",
  "api_key_links.api_key_id",
  "session_links.org_id",
  "session_links.session_id",
  "role_assignments.directory_scope_id",
]);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.destroy());

describe("object id columns of a migrated database", () => {
  it("are every text column named like an id, less the ids of other things, and compare in C collation", async () => {
    const columns = await selectRows<{ name: string; collation: string | null }>(
      db.db,
      sql`select table_name || '.' || column_name as name, collation_name as collation
            from information_schema.columns
           where table_schema = current_schema() and data_type = 'text'
             and (column_name = 'id' or column_name like '%\_id')
           order by 1`,
    );
    const objectIds = columns.filter((column) => !OTHER_IDS.has(column.name));

    expect(objectIds.map((column) => column.name)).toContain("group_memberships.member_id");
    expect(objectIds.filter((column) => column.collation !== "C")).toEqual([]);
    expect(columns.filter((column) => OTHER_IDS.has(column.name)).map((column) => column.name).sort()).toEqual(
      [...OTHER_IDS].sort(),
    );
  });
});
