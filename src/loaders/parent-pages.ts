// Pages under many parents at once (a group's members, a department's people, an application's
// assignees): each parent's page is a DataLoader key, and a tick's keys travel to one statement
// as one JSON parameter that `jsonb_to_recordset` turns into rows to join laterally.
import { sql, type SQL } from "drizzle-orm";
import type { NamePage } from "./directory-pages.js";

/** A parent's page as a DataLoader key: equal pages of one parent share a key. */
export const parentPageKey = (parent: string, page: NamePage) => JSON.stringify([parent, page.first, page.after]);

/**
 * The tick's pages as rows `k(key, parent, first, after_name, after_id)` to join laterally, from
 * one JSON parameter: both drivers bind a string alike, unlike arrays.
 */
export const pageRows = (keys: readonly string[]): SQL =>
  sql`jsonb_to_recordset(${pagesParameter(keys)}::jsonb) as k(key text, parent text, first int, after_name text, after_id text)`;

/** Whether a row whose name and id are `name` and `id` comes after the page row `k`'s cursor (by name, then id). */
export const afterPageCursor = (name: SQL, id: SQL): SQL =>
  sql`(k.after_id is null or (coalesce(${name}, ''), ${id}) > (k.after_name, k.after_id))`;

function pagesParameter(keys: readonly string[]): string {
  return JSON.stringify(
    keys.map((key) => {
      const [parent, first, after] = JSON.parse(key) as [string, number, NamePage["after"]];
      return { key, parent, first, after_name: after?.[0] ?? null, after_id: after?.[1] ?? null };
    }),
  );
}
