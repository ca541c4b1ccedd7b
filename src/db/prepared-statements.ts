// Prepared statements for the pools that serve GraphQL reads.
//
// drizzle sends every statement through postgres.js's `unsafe` with `prepare: false` unless the
// statement was given a name, and postgres.js then learns an unnamed statement's parameter types
// before it can bind them: Parse and Describe, a round trip, then Bind and Execute, and
// PostgreSQL parses and analyses the text again each time. A page of traces waited for that
// twice per statement. Prepared, a statement is parsed once per connection and later executions
// are one round trip.
//
// Only the serving pools: their statements are a fixed set of texts (keys travel as one array
// parameter), while a sync's bulk INSERTs vary with their row count and would fill each
// connection with statements used once. The connection plans every execution for its values
// (`plan_cache_mode = force_custom_plan`), as it planned the unnamed statements: a generic plan
// chosen for ten keys would serve ten thousand.
import type { Sql } from "postgres";

/** postgres.js options for a pool whose statements are prepared. */
export const PREPARED_POOL_OPTIONS = { connection: { plan_cache_mode: "force_custom_plan" } } as const;

/** `client`, with every statement drizzle sends prepared on the connection it runs on. */
export function preparingStatements(client: Sql): Sql {
  return new Proxy(client, {
    get(target, key, receiver) {
      if (key !== "unsafe") return Reflect.get(target, key, receiver);
      return (query: string, params?: unknown[], options?: object) =>
        target.unsafe(query, params as never, { ...options, prepare: true });
    },
  });
}
