// Page-size arguments, checked once for every connection field.
import { InvalidCursorError, MAX_PAGE_SIZE, type Page } from "../loaders/directory-pages.js";
import { badUserInput } from "./errors.js";

export function checkFirst(first: number | null | undefined): number {
  const size = first ?? 50;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badUserInput("first", `first must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  return size;
}

/** Runs a page query, reporting a foreign cursor as the caller's mistake. */
export async function withCursor<T>(query: () => Promise<Page<T>>): Promise<Page<T>> {
  try {
    return await query();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw badUserInput("after", error.message);
    throw error;
  }
}
