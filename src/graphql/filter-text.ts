// The text a caller filters a listing by. A search reads every person of the organisation with
// ILIKE, whose cost grows with the pattern: a megabyte of it held a replica for 26 s. And
// PostgreSQL's text holds no NUL, so one in a filter failed the statement as an internal error.
// Either is refused as BAD_USER_INPUT on the filter's field.
import { isStorableText } from "../db/storable-text.js";
import { badUserInput } from "./errors.js";

/** Longer than any name, address or id a filter can match. */
export const MAX_FILTER_TEXT = 256;

/** `filter`, once each of its fields that holds text is checked. */
export function checkedFilter<F extends object>(filter: F | null): F | null {
  for (const [field, value] of Object.entries(filter ?? {})) {
    if (typeof value !== "string") continue;
    if (value.length > MAX_FILTER_TEXT) throw badUserInput(`filter.${field}`, `filter.${field} is at most ${MAX_FILTER_TEXT} characters`);
    if (!isStorableText(value)) {
      throw badUserInput(`filter.${field}`, `filter.${field} holds a character no directory text holds (U+0000, or half a surrogate pair)`);
    }
  }
  return filter;
}
