// Statements outside transactions are prepared (one round trip per execution, not two); a sync's
// run, one transaction whose bulk statements' texts vary with their row count, prepares nothing.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../src/db/rows.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const onPostgres = Boolean(process.env.DATABASE_URL);

describe.skipIf(!onPostgres)("prepared statements (PostgreSQL pools; PGlite has no pools)", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    // One serving connection, so that the statements below and the look at them share it.
    database = await createTestDatabase({ maxConnections: 1, syncConcurrency: 1 });
  });
  afterAll(() => database?.destroy());

  const lookUp = sql`select id from integrations where org_id = ${"org-prepared"}`;
  const preparedLookUps = sql`select count(*)::int as n from pg_prepared_statements where statement like '%org_id = $1%'`;

  it("a serving connection prepares a read once, plans each execution for its values and compiles none", async () => {
    await selectRows(database.db, lookUp);
    await selectRows(database.db, lookUp);
    const [prepared] = await selectRows<{ n: number }>(database.db, preparedLookUps);
    expect(prepared!.n).toBe(1);
    const [mode] = await selectRows<{ plan_cache_mode: string }>(database.db, sql`show plan_cache_mode`);
    expect(mode!.plan_cache_mode).toBe("force_custom_plan");
    const [jit] = await selectRows<{ jit: string }>(database.db, sql`show jit`);
    expect(jit!.jit).toBe("off");
  });

  it("a sync's transaction prepares nothing", async () => {
    const prepared = await database.syncTransaction(async (tx) => {
      await selectRows(tx, lookUp);
      await selectRows(tx, lookUp);
      return selectRows<{ n: number }>(tx, preparedLookUps);
    }, new AbortController().signal);
    expect(prepared[0]!.n).toBe(0);
  });
});
