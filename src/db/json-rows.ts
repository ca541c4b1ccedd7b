// Rows bound as one JSON parameter, for `json_to_recordset`: the mirror writer's pages of people,
// groups and service principals (src/mirror/), whose array columns a text[] per column cannot carry.
import { sql, type SQL } from "drizzle-orm";

/** An escaped high or low surrogate: JSON.stringify escapes only those that stand alone. */
const SURROGATE_ESCAPE = /\\ud[89a-f]/i;

/**
 * `rows` bound as one `json` parameter. A string holding half of a UTF-16 surrogate pair (no UTF-8
 * text can) is written by JSON.stringify as an escape that PostgreSQL refuses, which would fail
 * every run until the directory object changed; it goes as U+FFFD instead, as the drivers send a
 * bound string. Checked on the written text, so that the common case costs one scan.
 */
export function jsonRows(rows: readonly object[]): SQL {
  const json = JSON.stringify(rows);
  const wellFormed = SURROGATE_ESCAPE.test(json) ? JSON.stringify(rows, replaceLoneSurrogates) : json;
  return sql`${wellFormed}::json`;
}

const replaceLoneSurrogates = (_key: string, value: unknown): unknown =>
  typeof value === "string" ? value.toWellFormed() : value;
