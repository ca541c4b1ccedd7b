// Directory sync: reads users, groups, service principals, role assignments, who is assigned to
// enterprise applications and users' sign-in activity from Microsoft Graph (delta queries where
// Graph has them) and applies them page by page to the mirror. What delta cannot tell a run about
// (service principals' owners, role definitions, sign-ins) is read again once a day (daily-reads.ts).
//
// The caller runs this inside one database transaction, so readers keep the last good mirror
// until the run commits, and a failed or killed run leaves nothing half-applied. Memory is
// bounded by a Graph page for people, groups, memberships and service principals: nothing of
// theirs is kept across pages but counters. The short lists (role assignments and eligibilities,
// enterprise applications and who is assigned to them) are read whole, then applied.
import { GrowingMirrorStatistics } from "../../mirror/statistics.js";
import { sweepUnseenGroups, sweepUnseenServicePrincipals, sweepUnseenUsers } from "../../mirror/sweep.js";
import { isExpiredDelta, readRound } from "./delta-round.js";
import { syncAppAssignments } from "./app-assignments.js";
import { restorableUserIds } from "./deleted-users.js";
import { applyGroups, GROUPS_DELTA, type GroupItem } from "./groups.js";
import { wasSkipped } from "./permission-denied.js";
import { syncRoleAssignments } from "./role-assignments.js";
import { applyServicePrincipals, refreshDueOwners, SERVICE_PRINCIPALS_DELTA, type ServicePrincipalItem } from "./service-principals.js";
import { syncSignInActivity } from "./sign-in-activity.js";
import type { SyncMode } from "../../directory/sync-modes.js";
import type { DeltaLinks, SkippedResource, SyncCounters, SyncOptions, SyncResult } from "./types.js";
import { applyUsers, USERS_DELTA, type UserItem } from "./users.js";

const ROUND_QUERIES = [USERS_DELTA, GROUPS_DELTA, SERVICE_PRINCIPALS_DELTA] as const;

/**
 * The queries the delta rounds begin with, in the order of ROUND_QUERIES (urls hold no space). A
 * release that changes one (a property added to a $select) finds that resource's stored link
 * ignored, and reads it whole once; the others go on from theirs.
 */
export const DELTA_QUERIES = ROUND_QUERIES.join(" ");

const NO_LINKS: DeltaLinks = { users: null, groups: null, servicePrincipals: null, queries: DELTA_QUERIES };

/** The stored links whose rounds began with today's queries; null for the others. */
function linksOfTodaysQueries(links: DeltaLinks): DeltaLinks {
  const stored = links.queries?.split(" ") ?? [];
  const kept = (i: number, link: string | null) => (stored[i] === ROUND_QUERIES[i] ? link : null);
  return {
    users: kept(0, links.users),
    groups: kept(1, links.groups),
    servicePrincipals: kept(2, links.servicePrincipals),
    queries: DELTA_QUERIES,
  };
}

export async function syncDirectory(asked: SyncOptions): Promise<SyncResult> {
  const options = { ...asked, deltaLinks: linksOfTodaysQueries(asked.deltaLinks) };
  const counters: SyncCounters = {
    usersUpserted: 0,
    usersRemoved: 0,
    groupsUpserted: 0,
    groupsRemoved: 0,
    membershipsChanged: 0,
    servicePrincipalsUpserted: 0,
    servicePrincipalsRemoved: 0,
  };
  const skipped: SkippedResource[] = [];
  let mode = options.mode;
  let deltaLinks: DeltaLinks = NO_LINKS;
  const statistics = await GrowingMirrorStatistics.of(options.db);
  try {
    deltaLinks = await readDeltaRounds(options, mode, counters, skipped, statistics);
  } catch (error) {
    if (mode === "FULL" || !isExpiredDelta(error)) throw error;
    // The token outlived Graph's change tracking (about 7 days): re-read everything, then sweep.
    mode = "FULL";
    skipped.length = 0;
    deltaLinks = await readDeltaRounds(options, mode, counters, skipped, statistics);
  }
  // A round without a token (a full run's, or the first after a resource could not be read) lists
  // every object, so whatever it did not see is gone from the tenant. Each resource is judged on
  // its own: a skipped one was not read at all, and a sweep would wrongly empty it.
  const whole = (resource: "users" | "groups" | "servicePrincipals") =>
    (mode === "FULL" || !options.deltaLinks[resource]) && !wasSkipped(skipped, resource);
  if (whole("users")) {
    const restorable = await restorableUserIds(options.graph, skipped);
    counters.usersRemoved += await options.pace(() => sweepUnseenUsers(options.db, options.integrationId, options.runId, restorable));
  }
  if (whole("groups")) {
    const swept = await options.pace(() => sweepUnseenGroups(options.db, options.integrationId, options.runId));
    counters.groupsRemoved += swept.groups;
    counters.membershipsChanged += swept.memberships;
  }
  if (whole("servicePrincipals")) {
    counters.servicePrincipalsRemoved += await options.pace(() =>
      sweepUnseenServicePrincipals(options.db, options.integrationId, options.runId),
    );
  }
  if (!wasSkipped(skipped, "servicePrincipals")) await refreshDueOwners(options, counters);
  await syncRoleAssignments(options, mode, skipped);
  await syncAppAssignments(options, skipped);
  await syncSignInActivity(options, mode);
  // Readers plan on what the run leaves: a run that changed the mirror past what its statistics
  // describe (a tenant's first sync, a full one, or the last of many small ones) refreshes them.
  await statistics.settle(rowsApplied(counters) + rowsRemoved(counters));
  return { mode, counters, deltaLinks, skipped };
}

/** The users, groups and service principals rounds; each starts from its stored link when incremental. */
async function readDeltaRounds(
  options: SyncOptions,
  mode: SyncMode,
  counters: SyncCounters,
  skipped: SkippedResource[],
  statistics: GrowingMirrorStatistics,
): Promise<DeltaLinks> {
  const start = (stored: string | null, initial: string) => (mode === "INCREMENTAL" && stored ? stored : initial);
  const keepUp = () => statistics.applied(rowsApplied(counters));
  const usersUrl = start(options.deltaLinks.users, USERS_DELTA);
  // A round started without a token lists every user whole: a missing manager@delta means none.
  const wholeUsers = usersUrl === USERS_DELTA;
  // People and groups are what traces are enriched with (the connection test's core permissions):
  // refused after earlier runs read them, they fail the run rather than freeze (permission-denied.ts).
  const users = await readRound<UserItem>(options, "users", usersUrl, skipped, async (items) => {
    await options.pace(() => applyUsers(options, items, counters, wholeUsers));
    await keepUp();
  }, { readBefore: options.deltaLinks.users !== null });
  const groupsUrl = start(options.deltaLinks.groups, GROUPS_DELTA);
  const groups = await readRound<GroupItem>(options, "groups", groupsUrl, skipped, async (items) => {
    await options.pace(() => applyGroups(options, items, counters));
    await keepUp();
  }, { readBefore: options.deltaLinks.groups !== null });
  const servicePrincipalsUrl = start(options.deltaLinks.servicePrincipals, SERVICE_PRINCIPALS_DELTA);
  // Service principals too: refused after earlier runs read them, an agent disabled since would
  // show enabled under a fresh sync.
  const servicePrincipals = await readRound<ServicePrincipalItem>(options, "servicePrincipals", servicePrincipalsUrl, skipped, async (items) => {
    // Not paced: a page's owners are read from Graph within it, and a rest is for our own work.
    await applyServicePrincipals(options, items, counters);
    await keepUp();
  }, { readBefore: options.deltaLinks.servicePrincipals !== null });
  return { users, groups, servicePrincipals, queries: DELTA_QUERIES };
}

/** Users, groups and principals the run removed (memberships count among rows applied). */
function rowsRemoved(counters: SyncCounters): number {
  return counters.usersRemoved + counters.groupsRemoved + counters.servicePrincipalsRemoved;
}

/** Rows written so far: each user, group and principal, and each membership. */
function rowsApplied(counters: SyncCounters): number {
  return counters.usersUpserted + counters.groupsUpserted + counters.membershipsChanged + counters.servicePrincipalsUpserted;
}
