// The per-request context: the caller, and loaders scoped to the caller's organisation.
import type { Database, ReadLease } from "../db/client.js";
import type { IntegrationService } from "../integrations/service.js";
import type { BatchObserver } from "../loaders/batch.js";
import { createLoaders, type Loaders } from "../loaders/index.js";
import type { Caller } from "./auth.js";

export interface Context {
  /** Null only for operations that need no identity (the federation `_service` SDL). */
  caller: Caller | null;
  /**
   * Where this request's resolvers and loaders run: the primary until the operation is known;
   * then a query reads where `databases.leaseReads` sends it, and a mutation stays on the
   * primary (operation-database.ts).
   */
  db: Database;
  loaders: Loaders;
  databases: RequestDatabases;
  integrations: IntegrationService;
  /** Told how each trace whose person was asked for resolved: its method, or null (metrics). */
  observeTrace?: TraceObserver;
  /** Told of each loader's batches (metrics); kept to make the loaders again where a query reads. */
  observeBatch?: BatchObserver;
}

export interface RequestDatabases {
  /** For mutations, and for the reads of their results: an admin sees what they just changed. */
  primary: Database;
  /** Where a query reads (DatabaseHandle.leaseReads): a read replica, else the primary; on PGlite during a sync, a snapshot. */
  leaseReads(): Promise<ReadLease>;
}

export type TraceObserver = (traceId: string, method: string | null) => void;

/** What the server watches in a request (metrics); both optional. */
export interface RequestObservers {
  batch?: BatchObserver;
  trace?: TraceObserver;
}

export function createContext(
  databases: RequestDatabases,
  integrations: IntegrationService,
  caller: Caller | null,
  observers: RequestObservers = {},
): Context {
  // Without a caller there is no organisation to scope to: such loaders can never be reached,
  // since the auth plugin rejects every operation but `_service` (see auth-plugin.ts).
  return {
    caller,
    db: databases.primary,
    databases,
    integrations,
    loaders: createLoaders(databases.primary, organisationOf(caller), observers.batch),
    observeTrace: observers.trace,
    observeBatch: observers.batch,
  };
}

/** Moves a request, its loaders too, to `db` (operation-database.ts), before any resolver runs. */
export function useDatabase(context: Context, db: Database): void {
  if (context.db === db) return;
  context.db = db;
  context.loaders = createLoaders(db, organisationOf(context.caller), context.observeBatch);
}

const organisationOf = (caller: Caller | null) => caller?.org ?? "\u0000none";

/**
 * The caller of an `@Authorized` field, or of a field under one: by then the auth checker (or
 * requireCallerPlugin, for the fields of types) has refused anonymous requests.
 */
export function callerOf(context: Context): Caller {
  return context.caller!;
}
