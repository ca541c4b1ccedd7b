// What a directory sync is asked to do and what it reports: the types every part of the sync shares.
import type { Database } from "../../db/client.js";
import type { SyncMode } from "../../directory/sync-modes.js";
import type { DirectoryResource, GraphPermission } from "../graph-permissions.js";
import type { GraphClient } from "../graph-client.js";

/** Where the next incremental round of each delta-tracked resource starts (null: start over). */
export interface DeltaLinks {
  users: string | null;
  groups: string | null;
  servicePrincipals: string | null;
  /**
   * The queries the links' rounds began with (sync-directory.ts's DELTA_QUERIES when they were
   * stored). Graph keeps a round's $select in its token, so a link of other queries would never
   * ask for a property added to them since.
   */
  queries: string | null;
}

export interface SyncCounters {
  usersUpserted: number;
  usersRemoved: number;
  groupsUpserted: number;
  groupsRemoved: number;
  membershipsChanged: number;
  servicePrincipalsUpserted: number;
  servicePrincipalsRemoved: number;
}

/** A part of the directory the app may not read: skipped, and reported, while the rest syncs. */
export interface SkippedResource {
  resource: DirectoryResource;
  /** The application permission of Microsoft Graph that lets the app read it. */
  permission: GraphPermission;
  code: string;
  message: string;
}

export interface SyncResult {
  /** FULL when asked, or when Graph expired the delta token and the run started over. */
  mode: SyncMode;
  counters: SyncCounters;
  deltaLinks: DeltaLinks;
  skipped: SkippedResource[];
}

export interface SyncOptions {
  db: Database;
  graph: GraphClient;
  integrationId: string;
  runId: string;
  mode: SyncMode;
  /**
   * When the run began, by the database's clock: what the daily reads are stamped with and judged
   * by, so that a replica whose clock is off neither puts them off nor repeats them.
   */
  startedAt: Date;
  /** The links the last successful run stored; ignored for a full run. */
  deltaLinks: DeltaLinks;
  /** Told after each delta page is applied (progress bars, metrics); `items` counts its objects. */
  onPage?: (page: SyncPage) => void;
  /**
   * Runs a step of the run's own writes (a page of users or groups, a sweep): it rests after in
   * proportion to the reads the step ran beside (src/integrations/sync-pace.ts). Only steps that
   * wait on nothing else: a rest measured over a wait would rest for someone else's work
   * (Graph's), or, over a wait for another run (the statistics' refresh waits for another run's
   * ANALYZE to commit), make that run's successors rest longer and longer: tried, it stalled a
   * storm.
   */
  pace: <T>(work: () => Promise<T>) => Promise<T>;
  /**
   * Whether the run's token grants `permission` (its roles claim): a read Graph refuses though the
   * token grants it is a passing refusal, and what the mirror holds of it is kept, not forgotten.
   */
  tokenGrants: (permission: GraphPermission) => Promise<boolean>;
}

/** A delta page the sync has applied. */
export interface SyncPage {
  resource: "users" | "groups" | "servicePrincipals";
  items: number;
}
