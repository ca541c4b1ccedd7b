// Pages under many parents at once (a group's members, a department's people, an application's
// assignees): each parent's page is a DataLoader key, and a tick's keys travel to one statement
// as one JSON parameter that `jsonb_to_recordset` turns into rows to join laterally.
import type { NamePage } from "./directory-pages.js";

/** A parent's page as a DataLoader key: equal pages of one parent share a key. */
export const parentPageKey = (parent: string, page: NamePage) => JSON.stringify([parent, page.first, page.after]);

/**
 * The tick's page keys as one JSON parameter, of rows `(key text, parent text, first int,
 * after_name text, after_id text)`: both drivers bind a string alike, unlike arrays.
 */
export function pagesParameter(keys: readonly string[]): string {
  return JSON.stringify(
    keys.map((key) => {
      const [parent, first, after] = JSON.parse(key) as [string, number, NamePage["after"]];
      return { key, parent, first, after_name: after?.[0] ?? null, after_id: after?.[1] ?? null };
    }),
  );
}
