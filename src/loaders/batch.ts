// The shape every loader shares: one SQL statement per tick for the keys DataLoader collected.
import DataLoader from "dataloader";
import { sql, type SQL } from "drizzle-orm";
import { textArray } from "../db/text-array.js";

/**
 * Keys per statement. Past this a tick is split, keeping each statement's bind parameters and
 * plan size bounded (10,000 traces in one request still cost a handful of statements).
 */
export const KEYS_PER_STATEMENT = 10_000;

/** Told of every batch a loader dispatches: the loader's name and its number of keys (metrics). */
export type BatchObserver = (loader: string, keys: number) => void;

// The observer of the loaders being built right now. createLoaders builds a request's loaders in
// one synchronous call, so a module variable scopes it exactly, and loader files need not pass it.
let observerInScope: BatchObserver | undefined;

/** Builds loaders (with `build`) whose batches are reported to `observer`. */
export function observeBatches<T>(observer: BatchObserver | undefined, build: () => T): T {
  observerInScope = observer;
  try {
    return build();
  } finally {
    observerInScope = undefined;
  }
}

/**
 * A DataLoader whose batch function returns rows; `keyOf` says which key each row answers (or
 * keys: a row shared by several, such as a group by its members). Keys without rows get
 * `empty()`. Example:
 *
 *     const userById = batchLoader((ids) => selectUsers(ids), (row) => row.id, () => null, (r) => r);
 */
export function batchLoader<K, R, V>(
  fetchRows: (keys: K[]) => Promise<R[]>,
  keyOf: (row: R) => K | readonly K[],
  empty: () => V,
  fold: (row: R, current: V) => V,
): DataLoader<K, V> {
  const observe = observerInScope;
  const loader: DataLoader<K, V> = new DataLoader<K, V>(
    async (keys) => {
      observe?.(loader.name ?? "unnamed", keys.length);
      const byKey = new Map<K, V>();
      const add = (key: K, row: R) => {
        const current = byKey.get(key);
        const folded = fold(row, current ?? empty());
        // Folds that append return the list they were given: set a key once, not once per row.
        if (folded !== current) byKey.set(key, folded);
      };
      for (const row of await fetchRows([...keys])) {
        const key = keyOf(row);
        if (Array.isArray(key)) for (const each of key as readonly K[]) add(each, row);
        else add(key as K, row);
      }
      return keys.map((key) => byKey.get(key) ?? empty());
    },
    { maxBatchSize: KEYS_PER_STATEMENT },
  );
  return loader;
}

/** Key -> a count, from a statement that selects `key` and `count` for the keys it is given; 0 for keys it leaves out. */
export function countLoader(countKeys: (keys: string[]) => Promise<{ key: string; count: number }[]>): DataLoader<string, number> {
  return batchLoader(countKeys, (row) => row.key, () => 0, (row) => row.count);
}

/** Folds rows into a list per key. */
export const appendRow = <R>(row: R, list: R[]): R[] => (list.push(row), list);

/** Keeps one row per key. */
export const singleRow = <R>(row: R): R => row;

/**
 * `unnest($1) as k(key) cross join lateral (<the rows of k.key> offset 0)`: a batch's keys looked
 * up one at a time, each probing an index, for tables as large as the tenant. With oneOfKeys the
 * planner weighs the number of keys against the table's size (the pool plans every run for its own
 * keys: src/db/prepared-statements.ts), and may read the whole table: 31-38 ms against 5-7 ms for
 * the direct reports of 1,000 managers among 100,000 users, and a scan for as few as 100 sign-ins
 * among 20,000 (BENCHMARKS.md). A lateral subquery's plan is the same for one key or a thousand;
 * `offset 0` keeps PostgreSQL from flattening it into a join, which it would plan as before. Keys
 * must be distinct (DataLoader's are): a repeated key repeats its rows. The caller names the
 * subquery, e.g.
 *
 *     sql`select p.* from ${eachKey(ids, (id) => sql`select ... where u.manager_id = ${id}`)} as p`
 */
export const eachKey = (keys: readonly string[], rowsOfKey: (key: SQL) => SQL): SQL =>
  sql`unnest(${textArray(keys)}) as k(key) cross join lateral (${rowsOfKey(sql`k.key`)} offset 0)`;
