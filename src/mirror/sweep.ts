// The end of a full round: whatever the run did not see no longer exists in the tenant. Every row
// a run writes carries its id (`seen_in_run`), so what it did not see is what carries another.
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { directoryGroups, directoryServicePrincipals, directoryUsers, groupMemberships } from "../db/schema.js";
import { notSeenIn } from "./bulk.js";
import { removeGroups } from "./groups.js";
import { removeServicePrincipals } from "./service-principals.js";
import { markUsersDeleted } from "./users.js";

/**
 * Ends a full resync of users and groups. Returns how many users were marked deleted and groups
 * and memberships removed.
 */
export async function sweepUnseen(
  db: Database,
  integrationId: string,
  runId: string,
): Promise<{ users: number; groups: number; memberships: number }> {
  // A full round cannot tell soft from hard deletion: unseen users become tombstones, so past
  // traces still name them (DELETED) rather than no one.
  const unseenUsers = await db
    .select({ id: directoryUsers.id })
    .from(directoryUsers)
    .where(and(eq(directoryUsers.integrationId, integrationId), notSeenIn(directoryUsers.seenInRun, runId)));
  const users = await markUsersDeleted(db, integrationId, unseenUsers.map((row) => row.id));
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
  return { users, groups, memberships: memberships.length };
}

/** Ends a full service principal round: those the run did not see are gone from the tenant. */
export async function sweepUnseenServicePrincipals(db: Database, integrationId: string, runId: string): Promise<number> {
  const sp = directoryServicePrincipals;
  const unseen = await db
    .select({ id: sp.id })
    .from(sp)
    .where(and(eq(sp.integrationId, integrationId), notSeenIn(sp.seenInRun, runId)));
  return removeServicePrincipals(db, integrationId, unseen.map((row) => row.id));
}
