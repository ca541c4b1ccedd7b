// A first sync grows the mirror inside one transaction, past anything its statistics describe.
// Planned on statistics of an empty mirror, a page's lookups (its users by id, their addresses)
// guess that the integration holds a sliver of the table, and read all of its rows to filter
// them, page after page. Once the run has written enough rows, the planner must know how many
// the integration holds.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { selectRows } from "../../src/db/rows.js";
import { GrowingMirrorStatistics } from "../../src/mirror/statistics.js";
import { seedIntegration } from "../support/company.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.destroy());

const USERS = 30_000;

/** How many of the integration's users the planner expects a lookup by integration to meet. */
async function plannedUsersOf(tx: Database, integrationId: string): Promise<number> {
  const [plan] = await selectRows<{ "QUERY PLAN": string }>(
    tx,
    sql`explain select id from directory_users where integration_id = ${integrationId}`,
  );
  return Number(/rows=(\d+)/.exec(plan!["QUERY PLAN"])![1]);
}

describe("the planner's statistics during a run that grows the mirror", () => {
  it(`know how many users the integration holds once the run has written ${USERS} of them`, async () => {
    const { id: integrationId } = await seedIntegration(db.db, "default", randomUUID());
    const [before, after] = await db.db.transaction(async (tx) => {
      const statistics = await GrowingMirrorStatistics.of(tx);
      await tx.execute(sql`
        insert into directory_users (integration_id, id, display_name, user_principal_name, department)
        select ${integrationId}, 'user-' || n, 'User ' || n, 'user' || n || '@contoso.com', 'Dept ' || (n % 40)
        from generate_series(0, ${USERS - 1}) as n`);
      const guessed = await plannedUsersOf(tx, integrationId);
      await statistics.applied(USERS);
      return [guessed, await plannedUsersOf(tx, integrationId)];
    });

    expect(before).toBeLessThan(USERS / 10);
    expect(after).toBeGreaterThan(USERS * 0.9);
  });
});
