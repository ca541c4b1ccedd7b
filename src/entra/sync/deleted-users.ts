// Which users are soft-deleted: the directory's deleted items list them, restorable for 30 days;
// a user missing from the tenant and from this list is gone for good. A full round lists only
// what exists, so this is how its end tells the two apart.
import type { GraphClient } from "../graph-client.js";
import { skipWhenDenied } from "./permission-denied.js";
import type { SkippedResource } from "./types.js";

// The permission that reads users reads their deleted items; 999 is the largest page.
export const DELETED_USERS = "/v1.0/directory/deletedItems/microsoft.graph.user?$select=id&$top=999";

/**
 * The ids of the tenant's soft-deleted users, or null when the app may not read them (recorded
 * in `skipped`): then no one can be known to be gone for good.
 */
export async function restorableUserIds(graph: GraphClient, skipped: SkippedResource[]): Promise<ReadonlySet<string> | null> {
  const ids = await skipWhenDenied("deletedUsers", skipped, async () => {
    const restorable = new Set<string>();
    for await (const page of graph.pages<{ id: string }>(DELETED_USERS)) for (const user of page.value) restorable.add(user.id);
    return restorable;
  });
  return ids ?? null;
}
