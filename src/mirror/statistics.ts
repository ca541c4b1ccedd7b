// The planner's statistics of the mirror tables, refreshed by the writer that just changed them.
import { getTableName, sql } from "drizzle-orm";
import { selectRows } from "../db/rows.js";
import type { Database } from "../db/client.js";
import { directoryUsers, groupMemberships, integrations, MIRROR_TABLES } from "../db/schema.js";

/**
 * The tables whose statistics a run keeps: the mirror's, and `integrations`, which every lookup
 * joins (a never-analyzed table is guessed at hundreds of rows).
 */
const ANALYZED_TABLES = [integrations, ...MIRROR_TABLES].map((table) => getTableName(table));

/**
 * Refreshes the planner's statistics of the given tables. A full sync writes up to millions of
 * rows in one transaction; until autovacuum analyzes them (a minute later at best, never where it
 * is off) the planner misjudges them and the loaders' lookups scan whole tables (measured: 0.5 s
 * instead of 5 ms for 100 traces' groups). Run inside the sync's transaction, ANALYZE samples the
 * run's own rows, and its statistics commit with them.
 */
async function analyze(db: Database, tables: readonly string[]): Promise<void> {
  await db.execute(sql`analyze ${sql.join(tables.map((name) => sql.identifier(name)), sql`, `)}`);
}

/** Rows a run applies before the first refresh of the statistics, at least; each later one waits for twice as many. */
const FIRST_REFRESH_AT_ROWS = 20_000;

/**
 * Changes, as a share of the rows the statistics describe (plus a few), past which a run refreshes
 * them: a table's as the run grows the mirror, the mirror's before it commits. Autovacuum's own
 * rule (`autovacuum_analyze_scale_factor` 0.1, `autovacuum_analyze_threshold` 50).
 */
const STALE_SHARE = 0.1;
const STALE_ROWS = 50;

/** Whether `changed` rows are past that rule for statistics describing `described` rows. */
const outgrown = (changed: number, described: number): boolean => changed > described * STALE_SHARE + STALE_ROWS;

/**
 * Keeps the planner's statistics abreast of a run that changes the mirror.
 *
 * During the run: a page's statements (its users by id, their addresses) are planned on the
 * statistics of the mirror as the run found it, empty for a first sync: believing the integration
 * holds a few hundred rows, the planner reads all of its rows and filters them, for every page, so
 * a first sync took time quadratic in the tenant (measured: 0.43 s per 1,000 users at 100,000
 * users, 0.84 s at 1,000,000). Refreshed each time the run's rows double, the statistics keep
 * those statements index lookups, for about log2(rows / 20,000) ANALYZEs of under a second, each
 * of the tables that moved since they were last taken.
 *
 * Before it commits: readers plan on what the run leaves. Thirty tenants' first syncs, each
 * unanalyzed, left the planner a mirror thirty times smaller than it was and a page of traces
 * nearly three times slower; analyzed each, their ANALYZEs were the largest part of the
 * database's work while they ran (19 s of the 43 s its statements took, BENCHMARKS.md). The run
 * refreshes the statistics when the mirror moved by more than autovacuum would let pass since
 * they were taken: by its own rows, or by those of runs since, which each may have let pass.
 */
export class GrowingMirrorStatistics {
  readonly #db: Database;
  #next: number;
  /** The run's rows when it last refreshed the statistics. */
  #refreshedAt = 0;

  private constructor(db: Database, firstAt: number) {
    this.#db = db;
    this.#next = firstAt;
  }

  /** For a run about to write to the mirror as it stands now. */
  static async of(db: Database): Promise<GrowingMirrorStatistics> {
    const { described } = await mirrorChanges(db);
    return new GrowingMirrorStatistics(db, Math.max(FIRST_REFRESH_AT_ROWS, described));
  }

  /** Told the rows the run has applied so far, after each page. */
  async applied(rows: number): Promise<void> {
    if (rows < this.#next) return;
    while (this.#next <= rows) this.#next *= 2;
    // A full sync writes its people, then their groups: refreshing every table each time the
    // run's rows doubled re-sampled the people for every doubling of the memberships, though no
    // statement of the run had changed them.
    const moved = (await tableChanges(this.#db)).filter((table) => table.unsampled || outgrown(table.moved, table.described));
    if (moved.length > 0) await analyze(this.#db, moved.map((table) => table.name));
    this.#refreshedAt = rows;
  }

  /** Told the rows the run applied and removed in all, before it commits. Whether it refreshed the statistics. */
  async settle(rows: number): Promise<boolean> {
    // The tables' pages count the run's own rows too, but not those it rewrote in place.
    const { described, changedSince } = await mirrorChanges(this.#db);
    const changed = Math.max(changedSince, rows - this.#refreshedAt);
    if (!outgrown(changed, described)) return false;
    await analyze(this.#db, ANALYZED_TABLES);
    this.#refreshedAt = rows;
    return true;
  }
}

/** How a table moved since its statistics were taken (`tableChanges`). */
interface TableChange {
  name: string;
  /** Its rows as its statistics describe them. */
  described: number;
  /** How far it moved since, in rows. */
  moved: number;
  /** It holds pages but has no statistics at all. */
  unsampled: boolean;
}

/**
 * The tables of `ANALYZED_TABLES`, with how far each moved since its statistics were
 * taken, in rows: the planner's own reckoning, rows per page as sampled times the pages the table
 * gained or lost. Pages, not the statistics views' counts of changes: those reach the views up to
 * seconds after a run commits, and count the rows of a run that refreshed the statistics in its
 * own transaction as changes still.
 */
async function tableChanges(db: Database): Promise<TableChange[]> {
  return selectRows<TableChange>(
    db,
    sql`select relname as name, greatest(reltuples, 0)::float8 as described,
               (case when relpages > 0
                     then abs(pg_relation_size(oid) / current_setting('block_size')::int - relpages) * reltuples / relpages
                     else 0 end)::float8 as moved,
               relpages = 0 and pg_relation_size(oid) > 0 as unsampled
          from pg_class
         where oid = any(${sql.param(ANALYZED_TABLES)}::regclass[])`,
  );
}

/** The mirror's two largest tables (people and memberships): the rows their statistics describe, and how far they moved since. */
async function mirrorChanges(db: Database): Promise<{ described: number; changedSince: number }> {
  const largest = new Set<string>([getTableName(directoryUsers), getTableName(groupMemberships)]);
  let described = 0;
  let changedSince = 0;
  for (const table of await tableChanges(db)) {
    if (!largest.has(table.name)) continue;
    described += table.described;
    changedSince += table.moved;
  }
  return { described, changedSince };
}
