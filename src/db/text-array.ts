// Lists bound as one `text[]` parameter.
//
// The loaders send a batch's keys (src/loaders/batch.ts), and the mirror writer a chunk's column
// (src/mirror/), as one array parameter. Handed a JS array, both drivers write PostgreSQL's array
// literal themselves, every element through two regular expressions: 1.8-2.6 ms of the
// subgraph's CPU for a page of 1,000 traces, 157 ms of a 100,000-user full sync's (BENCHMARKS.md).
// Handed a string they send it as it is, so the literal is written here, joined natively when no
// element needs escaping, as object ids and addresses almost never do.
import { sql, type Column, type SQL } from "drizzle-orm";
import { isStorableText, storableText } from "./storable-text.js";

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

/** Written between quotes as it is: holds neither a quote nor a backslash, and is text PostgreSQL holds. */
const isPlain = (value: string): boolean => !value.includes('"') && !value.includes("\\") && isStorableText(value);

// A value holding what text cannot (a NUL, half a surrogate pair: a trace's email can) goes as
// the mirror writer stores such text, so a key finds what was stored from it, or nothing, instead
// of failing the statement and every other key of the batch with it.
const element = (value: string | null): string =>
  value === null ? "NULL" : isPlain(value) ? `"${value}"` : `"${storableText(value).replace(/["\\]/g, "\\$&")}"`;
