// Service principals from `/servicePrincipals/delta` to the mirror, with their owners, through
// src/mirror/service-principals.ts.
//
// Delta carries no owners relationship, and Graph documents change tracking of relationships only
// for users' manager and groups' members and owners: a principal whose owners alone changed may
// never be listed. So each page's principals have their owners read with them, and at its end a
// run reads again the owners of every principal read a day before (src/entra/sync/daily-reads.ts),
// or never (Graph's replicas may not know a new principal yet when its owners are asked for): an
// owner added or removed in Entra is in the mirror within a day. Owners are read 20 lists to a
// request through src/entra/graph-batch.ts, so an incremental run in which no principal changed
// costs the one delta request on all but one run a day.
import { chunks } from "../../mirror/bulk.js";
import {
  principalsWithOwnersReadBefore,
  removeServicePrincipals,
  replaceOwners,
  upsertServicePrincipals,
  type PrincipalOwners,
  type ServicePrincipalPatch,
} from "../../mirror/service-principals.js";
import { GraphError, type GraphClient } from "../graph-client.js";
import { MAX_BATCH_REQUESTS, readCollections } from "../graph-batch.js";
import { dailyReadsDueBefore } from "./daily-reads.js";
import { lastStateById, presentFields, type DirectoryObject } from "./delta-round.js";
import type { SyncCounters, SyncOptions } from "./types.js";

/** A service principal as a delta round sends it: whole in a round without a token, else only what changed. */
export interface ServicePrincipalItem extends DirectoryObject {
  appId?: string | null;
  displayName?: string | null;
  servicePrincipalType?: string | null;
  accountEnabled?: boolean | null;
  appRoleAssignmentRequired?: boolean | null;
}

export const SERVICE_PRINCIPAL_FIELDS = [
  "id",
  "appId",
  "displayName",
  "servicePrincipalType",
  "accountEnabled",
  "appRoleAssignmentRequired",
] as const satisfies readonly (keyof ServicePrincipalItem)[];

export const SERVICE_PRINCIPALS_DELTA = `/v1.0/servicePrincipals/delta?$select=${SERVICE_PRINCIPAL_FIELDS.join(",")}`;

/** A principal's owners, all on one page when Graph allows (999 is the largest). */
function ownersPath(id: string): string {
  return `/v1.0/servicePrincipals/${encodeURIComponent(id)}/owners?$select=id&$top=999`;
}

/** Applies one page of service principals: their changes, their owners read afresh, and removals. */
export async function applyServicePrincipals(
  options: SyncOptions,
  items: ServicePrincipalItem[],
  counters: SyncCounters,
): Promise<void> {
  const { db, graph, integrationId, runId } = options;
  const present: ServicePrincipalItem[] = [];
  const removed: string[] = [];
  for (const item of lastStateById(items).values()) {
    if (item["@removed"]) removed.push(item.id);
    else present.push(item);
  }
  const ownersReadAt = options.startedAt;
  const owners = await readOwners(graph, present.map((item) => item.id));
  const patches: ServicePrincipalPatch[] = present.map((item) => {
    const read = owners.get(item.id);
    const patch: ServicePrincipalPatch = { ...presentFields(item, SERVICE_PRINCIPAL_FIELDS), id: item.id };
    return read ? { ...patch, ownerIds: read, ownersReadAt } : patch;
  });
  counters.servicePrincipalsUpserted += await upsertServicePrincipals(db, integrationId, patches, runId);
  counters.servicePrincipalsRemoved += await removeServicePrincipals(db, integrationId, removed);
}

// Principals whose owners are read again and stored at a time (10 batches): what a throttled
// re-read has read is kept.
const OWNERS_REREAD_STEP = 10 * MAX_BATCH_REQUESTS;

/**
 * Reads again the owners of every principal in the mirror whose owners were read a day before the
 * run began, or never (see above). Counts the principals whose owners changed. Graph refusing
 * still after the client's retries (throttled, unavailable) ends the re-read, not the run: the
 * run's other changes (a leaver disabled) are not lost for owners a day old, and those not read
 * stay due for the next run.
 */
export async function refreshDueOwners(options: SyncOptions, counters: SyncCounters): Promise<void> {
  const { db, graph, integrationId, startedAt: now } = options;
  const due = await principalsWithOwnersReadBefore(db, integrationId, dailyReadsDueBefore(now));
  try {
    for (const ids of chunks(due, OWNERS_REREAD_STEP)) {
      const owners = await readOwners(graph, ids);
      const read: PrincipalOwners[] = [...owners].map(([id, ownerIds]) => ({ id, ownerIds }));
      counters.servicePrincipalsUpserted += await options.pace(() => replaceOwners(db, integrationId, read, now));
    }
  } catch (error) {
    if (!(error instanceof GraphError && error.retryable)) throw error;
  }
}

/**
 * Each principal's owners' ids, by the principal's id. A principal whose owners are not found
 * (404) is left out: deleted since it was listed, for the next round to say, or not known yet to
 * the replica that answered, to be read again at the run's end and by the next runs until found.
 * Either way the mirror keeps the owners it had: a principal dropped here would stay dropped until
 * it next changed.
 */
async function readOwners(graph: GraphClient, ids: string[]): Promise<Map<string, string[]>> {
  const lists = await readCollections<{ id: string }>(graph, ids.map(ownersPath));
  const owners = new Map<string, string[]>();
  for (const id of ids) {
    const list = lists.get(ownersPath(id));
    if (list) owners.set(id, list.map((owner) => owner.id));
  }
  return owners;
}
