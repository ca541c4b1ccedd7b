// Lists bound as one `text[]` parameter.
//
// The loaders send a batch's keys (src/loaders/batch.ts), and the mirror writer a chunk's column
// (src/mirror/), as one array parameter. Handed a JS array, both drivers write PostgreSQL's array
// literal themselves, every element through two regular expressions: 1.8-2.6 ms of the
// subgraph's CPU for a page of 1,000 traces, 157 ms of a 100,000-user full sync's (BENCHMARKS.md).
// Handed a string they send it as it is, so the literal is written here, joined natively when no
// element needs escaping, as object ids and addresses almost never do.
import { sql, type Column, type SQL } from "drizzle-orm";

/** `values` bound as one `text[]` parameter. */
export const textArray = (values: readonly (string | null)[]): SQL => sql`${sql.param(textArrayLiteral(values))}::text[]`;

/**
 * `column = any($1)`: keys (a batch's, a page's) as one text[] parameter. `inArray` would bind one
 * parameter per key, each one the query builder tests against up to ten classes before mapping it,
 * and PostgreSQL parses and plans.
 */
export const oneOfKeys = (column: Column | SQL, keys: readonly string[]): SQL => sql`${column} = any(${textArray(keys)})`;

/** PostgreSQL's literal of a text array, e.g. `{"a","b \"c\"",NULL}`. */
function textArrayLiteral(values: readonly (string | null)[]): string {
  if (values.length === 0) return "{}";
  if (values.every((value) => value !== null && isPlain(value))) return `{"${values.join('","')}"}`;
  return `{${values.map(element).join(",")}}`;
}

/** Written between quotes as it is: holds neither a quote nor a backslash. */
const isPlain = (value: string): boolean => !value.includes('"') && !value.includes("\\");

const element = (value: string | null): string =>
  value === null ? "NULL" : isPlain(value) ? `"${value}"` : `"${value.replace(/["\\]/g, "\\$&")}"`;
