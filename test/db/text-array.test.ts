// Lists bound as one text[] parameter (src/db/text-array.ts) arrive in PostgreSQL as they were
// sent, whatever their elements hold: the batches of keys every loader sends and the columns the
// mirror writer binds depend on it.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../src/db/rows.js";
import { textArray } from "../../src/db/text-array.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.destroy());

async function roundTrip(values: (string | null)[]): Promise<{ elements: (string | null)[]; length: number | null }> {
  const [row] = await selectRows<{ elements: string[] | string; length: number | null }>(
    db.db,
    sql`select array_to_json(${textArray(values)})::text as elements, cardinality(${textArray(values)}) as length`,
  );
  return { elements: JSON.parse(row!.elements as string) as (string | null)[], length: Number(row!.length) };
}

describe("a list bound as one text[] parameter", () => {
  it("arrives element for element when nothing needs escaping", async () => {
    const values = ["0b6c1f1e-0d52-4f3c-9a55-2f1d1e6f7a01", "ada.lovelace@contoso.example", "émile@exämple.com", ""];
    expect(await roundTrip(values)).toEqual({ elements: values, length: 4 });
  });

  it("keeps quotes, backslashes, separators, braces, spaces and the word NULL as text, and nulls as nulls", async () => {
    const values = ['"john doe"@contoso.example', "back\\slash", "a,b", "{braces}", " padded ", "NULL", null, 'both "\\" at once'];
    expect(await roundTrip(values)).toEqual({ elements: values, length: values.length });
  });

  it("keeps separators, braces, spaces and the word NULL as text when nothing needs escaping", async () => {
    const values = ["a,b", "{braces}", " padded ", "NULL"];
    expect(await roundTrip(values)).toEqual({ elements: values, length: values.length });
  });

  it("keeps nulls among plain text", async () => {
    const values = ["a", null, "b"];
    expect(await roundTrip(values)).toEqual({ elements: values, length: 3 });
  });

  it("is empty when the list is", async () => {
    expect(await roundTrip([])).toEqual({ elements: [], length: 0 });
  });
});
