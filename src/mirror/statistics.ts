// The planner's statistics of the mirror tables, refreshed by the writer that just changed them.
import { getTableName, sql } from "drizzle-orm";
import { selectRows } from "../db/rows.js";
import type { Database } from "../db/client.js";
import {
  appRoleAssignments,
  directoryGroups,
  directoryRoles,
  directoryServicePrincipals,
  directoryUserEmails,
  directoryUsers,
  groupMemberships,
  integrations,
  roleAssignments,
  userDepartmentHistory,
  userSignIns,
} from "../db/schema.js";

/**
 * Refreshes the planner's statistics of the mirror tables. A full sync writes up to millions of
 * rows in one transaction; until autovacuum analyzes them (a minute later at best, never where it
 * is off) the planner misjudges them and the loaders' lookups scan whole tables (measured: 0.5 s
 * instead of 5 ms for 100 traces' groups). Run inside the sync's transaction, ANALYZE samples the
 * run's own rows, and its statistics commit with them. `integrations` is included: every lookup
 * joins it, and a never-analyzed table is guessed at hundreds of rows.
 */
export async function analyzeMirror(db: Database): Promise<void> {
  await db.execute(
    sql`analyze ${integrations}, ${directoryUsers}, ${directoryUserEmails}, ${directoryGroups}, ${groupMemberships}, ${directoryRoles}, ${roleAssignments}, ${directoryServicePrincipals}, ${userDepartmentHistory}, ${appRoleAssignments}, ${userSignIns}`,
  );
}

/** Rows a run applies before the first refresh of the statistics, at least; each later one waits for twice as many. */
const FIRST_REFRESH_AT_ROWS = 20_000;

/**
 * Keeps the planner's statistics abreast of a run that grows the mirror. A page's statements
 * (its users by id, their addresses) are planned on the statistics of the mirror as the run
 * found it, empty for a first sync: believing the integration holds a few hundred rows, the
 * planner reads all of its rows and filters them, for every page, so a first sync took time
 * quadratic in the tenant (measured: 0.43 s per 1,000 users at 100,000 users, 0.84 s at
 * 1,000,000). Refreshed each time the run's rows double, the statistics keep those statements
 * index lookups, for about log2(rows / 20,000) ANALYZEs of under a second. A run that adds less
 * than the mirror tables already hold (an incremental one, mostly) changes their shape too
 * little to need any.
 */
export class GrowingMirrorStatistics {
  readonly #db: Database;
  #next: number;

  private constructor(db: Database, firstAt: number) {
    this.#db = db;
    this.#next = firstAt;
  }

  /** For a run about to write to the mirror as it stands now. */
  static async of(db: Database): Promise<GrowingMirrorStatistics> {
    const [held] = await selectRows<{ rows: number }>(
      db,
      sql`select coalesce(sum(greatest(reltuples, 0)), 0)::float8 as rows from pg_class
          where oid in (${getTableName(directoryUsers)}::regclass, ${getTableName(groupMemberships)}::regclass)`,
    );
    return new GrowingMirrorStatistics(db, Math.max(FIRST_REFRESH_AT_ROWS, held?.rows ?? 0));
  }

  /** Told the rows the run has applied so far, after each page. */
  async applied(rows: number): Promise<void> {
    if (rows < this.#next) return;
    while (this.#next <= rows) this.#next *= 2;
    await analyzeMirror(this.#db);
  }
}
