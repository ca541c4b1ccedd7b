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

describe("the planner's statistics when runs commit", () => {
  // A mirror of its own: the tables' pages measure how far they moved, so every row here is alike.
  let own: TestDatabase;
  beforeAll(async () => {
    own = await createTestDatabase();
  });
  afterAll(() => own?.destroy());

  /** Rows of people and memberships the statistics describe. */
  async function described(): Promise<number> {
    const [row] = await selectRows<{ rows: number }>(
      own.db,
      sql`select sum(greatest(reltuples, 0))::float8 as rows from pg_class
           where oid in ('directory_users'::regclass, 'group_memberships'::regclass)`,
    );
    return row!.rows;
  }

  /** A run adding `count` people to a new integration; whether it refreshed the statistics, and what the planner then expects of the integration. */
  async function runAdding(count: number): Promise<{ refreshed: boolean; planned: number }> {
    const { id } = await seedIntegration(own.db, "default", randomUUID());
    const refreshed = await own.db.transaction(async (tx) => {
      const statistics = await GrowingMirrorStatistics.of(tx);
      await tx.execute(sql`
        insert into directory_users (integration_id, id, display_name, user_principal_name)
        select ${id}, 'user-' || n, 'User ' || n, 'user' || n || '@fabrikam.com' from generate_series(1, ${count}) as n`);
      return statistics.settle(count);
    });
    return { refreshed, planned: await plannedUsersOf(own.db, id) };
  }

  it("are left while runs move the mirror less than a tenth, and refreshed once their rows add up past it", async () => {
    const first = await runAdding(10_000);
    expect(first.refreshed).toBe(true);
    expect(first.planned).toBeGreaterThan(10_000 * 0.9);
    expect(await described()).toBe(10_000);

    expect(await runAdding(600)).toMatchObject({ refreshed: false });
    expect(await described()).toBe(10_000);

    // 600 people committed since, and 600 more: past a tenth together.
    const next = await runAdding(600);
    expect(next.refreshed).toBe(true);
    expect(next.planned).toBeGreaterThan(600 * 0.9);
    expect(await described()).toBe(11_200);
  });
});

describe("the planner's statistics refreshed during a run", () => {
  // A mirror of its own: what the statistics describe is read off whole tables.
  let own: TestDatabase;
  beforeAll(async () => {
    own = await createTestDatabase();
  });
  afterAll(() => own?.destroy());

  /** The rows of `table` its statistics describe. */
  async function describedRows(tx: Database, table: string): Promise<number> {
    const [row] = await selectRows<{ rows: number }>(tx, sql`select reltuples::float8 as rows from pg_class where oid = ${table}::regclass`);
    return row!.rows;
  }

  it("are taken again of the tables the run moved since, and of no other", async () => {
    const { id } = await seedIntegration(own.db, "default", randomUUID());
    const described = await own.db.transaction(async (tx) => {
      const statistics = await GrowingMirrorStatistics.of(tx);
      await tx.execute(sql`
        insert into directory_users (integration_id, id, display_name, user_principal_name)
        select ${id}, 'user-' || n, 'User ' || n, 'user' || n || '@contoso.com' from generate_series(1, 30000) as n`);
      await statistics.applied(30_000);
      const peopleFirst = await describedRows(tx, "directory_users");
      // As a full sync goes on to groups: a few more people (under a tenth), then many memberships.
      await tx.execute(sql`
        insert into directory_users (integration_id, id, display_name, user_principal_name)
        select ${id}, 'late-' || n, 'Late ' || n, 'late' || n || '@contoso.com' from generate_series(1, 1000) as n`);
      await tx.execute(sql`
        insert into group_memberships (integration_id, group_id, member_id, member_type)
        select ${id}, 'group-' || (n % 100), 'user-' || n, 'user' from generate_series(1, 30000) as n`);
      await statistics.applied(61_000);
      return {
        peopleFirst,
        people: await describedRows(tx, "directory_users"),
        memberships: await describedRows(tx, "group_memberships"),
      };
    });
    expect(described).toEqual({ peopleFirst: 30_000, people: 30_000, memberships: 30_000 });
  });
});

// Last: the 30,000 people it leaves would make every later run here a small share of the mirror.
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
