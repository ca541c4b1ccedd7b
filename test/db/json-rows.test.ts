// Rows bound as one JSON parameter (src/db/json-rows.ts) arrive in PostgreSQL's json_to_recordset
// as they were sent: the mirror writer's pages of people, groups and service principals depend
// on it, and one malformed name must not fail every run.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonRows } from "../../src/db/json-rows.js";
import { selectRows } from "../../src/db/rows.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.destroy());

type Row = { id: string; displayName: string | null; aliases: string[] };

async function roundTrip(rows: Row[]): Promise<Row[]> {
  return selectRows<Row>(
    db.db,
    sql`select r.id, r."displayName", r.aliases
          from rows from (json_to_recordset(${jsonRows(rows)}) as (id text, "displayName" text, aliases text[]))
               with ordinality as r(id, "displayName", aliases, n)
         order by r.n`,
  );
}

describe("rows bound as one JSON parameter", () => {
  it("arrive value for value: quotes, backslashes, line breaks, non-ASCII text, pairs of surrogates, nulls and arrays", async () => {
    const rows: Row[] = [
      { id: "g1", displayName: 'The "A" team \\ ops', aliases: ["a,b", "{braces}", ""] },
      { id: "g2", displayName: "Ünïcode 😀 team\nline two\ttab", aliases: [] },
      { id: "g3", displayName: null, aliases: ["NULL"] },
      { id: "g4", displayName: "typed \\ud800 as text", aliases: ["\\ud800"] },
    ];
    expect(await roundTrip(rows)).toEqual(rows);
  });

  it("sends a lone half of a surrogate pair, or a NUL, as U+FFFD, keeping the rest of the row and of the page", async () => {
    const rows: Row[] = [
      { id: "g1", displayName: "Sales \ud800 EMEA", aliases: ["x\udc00y"] },
      { id: "g2", displayName: "Marketing 😀", aliases: [] },
      { id: "g3", displayName: "Null\0byte", aliases: ["\0"] },
    ];
    expect(await roundTrip(rows)).toEqual([
      { id: "g1", displayName: "Sales \ufffd EMEA", aliases: ["x\ufffdy"] },
      { id: "g2", displayName: "Marketing 😀", aliases: [] },
      { id: "g3", displayName: "Null\ufffdbyte", aliases: ["\ufffd"] },
    ]);
  });
});
