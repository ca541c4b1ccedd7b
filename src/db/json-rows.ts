// Rows bound as one JSON parameter, for `json_to_recordset`: the mirror writer's pages of people,
// groups and service principals (src/mirror/), whose array columns a text[] per column cannot carry.
import { sql, type SQL } from "drizzle-orm";
import { storableText } from "./storable-text.js";

/**
 * What JSON.stringify escapes that PostgreSQL's text refuses: a NUL, and half of a UTF-16
 * surrogate pair standing alone (JSON.stringify writes a whole pair as it is).
 */
const REFUSED_ESCAPE = /\\u0000|\\ud[89a-f]/i;

/**
 * `rows` bound as one `json` parameter. A value holding a NUL or a lone half of a surrogate pair
 * (no UTF-8 text can hold either) would be refused by PostgreSQL, failing every run until the
 * directory object changed; such a character goes as U+FFFD instead (storableText). The writer's
 * rows are made storable as they are built (`pick`, src/mirror/bulk.ts); this keeps the parameter
 * acceptable whatever a row holds. Checked on the written text, so that the common case costs one
 * scan. Only values are mended: the rows' keys are the writer's own names.
 */
export function jsonRows(rows: readonly object[]): SQL {
  const json = JSON.stringify(rows);
  const accepted = REFUSED_ESCAPE.test(json) ? JSON.stringify(rows, mendRefusedCharacters) : json;
  return sql`${accepted}::json`;
}

const mendRefusedCharacters = (_key: string, value: unknown): unknown =>
  typeof value === "string" ? storableText(value) : value;
