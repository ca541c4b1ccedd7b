// The end of a whole round (one started without a delta token): whatever the run did not see no
// longer exists in the tenant. Every row a run writes carries its id (`seen_in_run`), so what it
// did not see is what carries another.
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { directoryGroups, directoryServicePrincipals, directoryUsers, groupMemberships } from "../db/schema.js";
import { notSeenIn } from "./bulk.js";
import { removeGroups } from "./groups.js";
import { removeServicePrincipals } from "./service-principals.js";
import { markUsersDeleted, removeUsers } from "./users.js";

/**
 * Ends a whole round of users. `restorable`: the tenant's soft-deleted users, or null when
 * unknown. Returns how many users were marked deleted or removed.
 */
export async function sweepUnseenUsers(
  db: Database,
  integrationId: string,
  runId: string,
  restorable: ReadonlySet<string> | null,
): Promise<number> {
  // A soft-deleted user becomes a tombstone, so past traces still name them (DELETED); one gone
  // for good leaves the mirror, as `@removed: deleted` makes an incremental run do. Not knowing
  // which is which, the sweep keeps every unseen user as a tombstone rather than lose one.
  const unseenUsers = (
    await db
      .select({ id: directoryUsers.id })
      .from(directoryUsers)
      .where(and(eq(directoryUsers.integrationId, integrationId), notSeenIn(directoryUsers.seenInRun, runId)))
  ).map((row) => row.id);
  const gone = restorable ? unseenUsers.filter((id) => !restorable.has(id)) : [];
  const kept = restorable ? unseenUsers.filter((id) => restorable.has(id)) : unseenUsers;
  return (await markUsersDeleted(db, integrationId, kept)) + (await removeUsers(db, integrationId, gone));
}

/** Ends a whole round of groups, which carries their members; returns the groups and memberships removed. */
export async function sweepUnseenGroups(
  db: Database,
  integrationId: string,
  runId: string,
): Promise<{ groups: number; memberships: number }> {
  // Groups leave the mirror whether restorable or not, as an incremental run's `@removed` makes
  // them: no trace or key names a group, and a restored one comes back with the next delta round.
  const unseenGroups = await db
    .select({ id: directoryGroups.id })
    .from(directoryGroups)
    .where(and(eq(directoryGroups.integrationId, integrationId), notSeenIn(directoryGroups.seenInRun, runId)));
  const groups = await removeGroups(db, integrationId, unseenGroups.map((row) => row.id));
  const memberships = await db
    .delete(groupMemberships)
    .where(
      and(
        eq(groupMemberships.integrationId, integrationId),
        notSeenIn(groupMemberships.seenInRun, runId),
      ),
    )
    .returning({ groupId: groupMemberships.groupId });
  return { groups, memberships: memberships.length };
}

/** Ends a whole service principal round: those the run did not see are gone from the tenant. */
export async function sweepUnseenServicePrincipals(db: Database, integrationId: string, runId: string): Promise<number> {
  const sp = directoryServicePrincipals;
  const unseen = await db
    .select({ id: sp.id })
    .from(sp)
    .where(and(eq(sp.integrationId, integrationId), notSeenIn(sp.seenInRun, runId)));
  return removeServicePrincipals(db, integrationId, unseen.map((row) => row.id));
}
