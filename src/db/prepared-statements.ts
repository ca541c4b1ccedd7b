// Prepared statements on PostgreSQL.
//
// drizzle sends every statement through postgres.js's `unsafe` with `prepare: false` unless the
// statement was given a name, and postgres.js then learns an unnamed statement's parameter types
// before it can bind them: Parse and Describe, a round trip, then Bind and Execute, and
// PostgreSQL parses and analyses the text again each time. A page of traces waited for that
// twice per statement. Prepared, a statement is parsed once per connection and later executions
// are one round trip.
//
// Statements inside a transaction are left as they were: drizzle runs them on the transaction's
// own client, which this does not wrap. So a sync's run (one transaction) prepares nothing: its
// bulk statements' texts vary with their row count, and would fill its connection with
// statements used once. Outside transactions the texts are a fixed set (keys travel as one array
// parameter). Each execution is planned for its values (`plan_cache_mode = force_custom_plan`),
// as unnamed statements were: a generic plan chosen for ten keys would serve ten thousand.
//
// Nor is any execution compiled to machine code (`jit = off`). PostgreSQL compiles a statement
// whose estimated cost passes `jit_above_cost`, and a recursive query's estimate does at once:
// the groups through nesting of ten people (src/loaders/groups.ts) took 7 ms to run and 237 ms to
// compile, and each execution compiles anew, being planned anew (BENCHMARKS.md). The pools'
// statements are lookups and a run's bulk writes, none long enough to repay compiling.
import type { Sql } from "postgres";

/** postgres.js options for a pool whose statements are prepared. */
export const PREPARED_POOL_OPTIONS = { connection: { plan_cache_mode: "force_custom_plan", jit: "off" } } as const;

/** `client`, with every statement drizzle sends outside a transaction prepared on its connection. */
export function preparingStatements(client: Sql): Sql {
  const unsafe = (query: string, params?: unknown[], options?: object) =>
    client.unsafe(query, params as never, { ...options, prepare: true });
  return new Proxy(client, {
    get: (target, key, receiver) => (key === "unsafe" ? unsafe : Reflect.get(target, key, receiver)),
  });
}
