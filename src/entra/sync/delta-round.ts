// Reading a Graph delta round: its pages followed to the deltaLink that starts the next round,
// and the rules of the items in it (removals, repeats, properties absent when unchanged).
import { GraphError } from "../graph-client.js";
import { skipWhenDenied } from "./permission-denied.js";
import type { SkippedResource, SyncOptions, SyncPage } from "./types.js";

/** What every item of a delta round carries: its id, its type, and whether it was removed. */
export interface DirectoryObject {
  id: string;
  "@odata.type"?: string;
  /** `changed`: soft-deleted (restorable); `deleted`: gone for good. */
  "@removed"?: { reason?: string };
}

// Graph's codes for a token it can no longer continue, in any case: the directory's documented
// `syncStateNotFound` has also come back as `SyncStateNotFound`, and a round that failed on it
// every run would never start over by itself.
const EXPIRED_DELTA_CODES = new Set(["syncstatenotfound", "resyncrequired"]);

/** Graph's answers that mean a stored delta token is no longer usable: start the round over. */
export function isExpiredDelta(error: unknown): boolean {
  return error instanceof GraphError && (error.status === 410 || EXPIRED_DELTA_CODES.has(error.code.toLowerCase()));
}

/**
 * Follows one delta round to its end, handing each page's items to `apply`; returns the deltaLink
 * to store (null if the app may not read the resource, which is then recorded in `skipped`; when
 * `readBefore`, a refusal fails the run instead: see permission-denied.ts).
 */
export async function readRound<T>(
  options: SyncOptions,
  resource: SyncPage["resource"],
  url: string,
  skipped: SkippedResource[],
  apply: (items: T[]) => Promise<void>,
  { readBefore = false } = {},
): Promise<string | null> {
  const deltaLink = await skipWhenDenied(resource, skipped, async () => {
    let deltaLink: string | null = null;
    for await (const page of options.graph.pages<T>(url)) {
      await apply(page.value);
      options.onPage?.({ resource, items: page.value.length });
      deltaLink = page["@odata.deltaLink"] ?? deltaLink;
    }
    return deltaLink;
  }, { readBefore });
  return deltaLink ?? null;
}

/** Repeated items within a page: their changes merge, and the last removal or restore wins. */
export function lastStateById<T extends DirectoryObject>(items: T[]): Map<string, T> {
  const byId = new Map<string, T>();
  for (const item of items) {
    const previous = byId.get(item.id);
    byId.set(item.id, previous && !item["@removed"] && !previous["@removed"] ? { ...previous, ...item } : item);
  }
  return byId;
}

/** Only the properties an item carries: in later rounds Graph sends just what changed. */
export function presentFields<T extends object, K extends keyof T>(item: T, fields: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(fields.filter((field) => field in item).map((field) => [field, item[field]])) as Partial<
    Pick<T, K>
  >;
}
