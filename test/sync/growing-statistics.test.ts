// A first sync grows the mirror inside one transaction, past anything its statistics describe.
// Planned on statistics of an empty mirror, a page's lookups (its users by id, their addresses)
// guess that the integration holds a sliver of the table, and read all of its rows to filter
// them, page after page. Once the run has written enough rows, the planner must know how many
// the integration holds; and once a run has read a tenant whole, so must the readers' lookups.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { selectRows } from "../../src/db/rows.js";
import { GrowingMirrorStatistics } from "../../src/mirror/statistics.js";
import { seedIntegration } from "../support/company.js";
import { connectTenant, startTenantAndServer, syncNow } from "../support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.destroy());

const USERS = 30_000;

/** How many of the integration's rows of `table` the planner expects a lookup by integration to meet. */
async function planned(tx: Database, table: string, integrationId: string): Promise<number> {
  const [plan] = await selectRows<{ "QUERY PLAN": string }>(
    tx,
    sql`explain select 1 from ${sql.identifier(table)} where integration_id = ${integrationId}`,
  );
  return Number(/rows=(\d+)/.exec(plan!["QUERY PLAN"])![1]);
}

const plannedUsersOf = (tx: Database, integrationId: string) => planned(tx, "directory_users", integrationId);

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

describe("the planner's statistics after a run that read the tenant whole", () => {
  it("describe the tenant when its first sync was an incremental one with no link to start from", async () => {
    const ct = await startTenantAndServer(db, { users: 300, groups: 30 });
    try {
      // The admin's first (full) sync fails, so no delta link is stored: the next run, incremental
      // as the scheduler starts them, lists every user and group.
      ct.emulator.faults.unavailable(1, 400, undefined, { pathPrefix: "/v1.0/users/delta" });
      const { id } = await connectTenant(ct, "whole");
      const { lastSync } = await syncNow(ct, id, "INCREMENTAL", "whole");
      expect(lastSync).toMatchObject({ mode: "INCREMENTAL", status: "SUCCEEDED", usersUpserted: 300 });

      const [held] = await selectRows<{ memberships: number }>(
        db.db,
        sql`select count(*)::int as memberships from group_memberships where integration_id = ${id}`,
      );
      // Unanalyzed, the planner guesses 0.5% of the table for any one integration.
      expect(await planned(db.db, "directory_users", id)).toBeGreaterThan(300 * 0.9);
      expect(await planned(db.db, "group_memberships", id)).toBeGreaterThan(held!.memberships * 0.9);
    } finally {
      await ct.close();
    }
  });
});
