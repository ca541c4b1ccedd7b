// The per-request context: the caller, and loaders scoped to the caller's organisation.
import type { Database } from "../db/client.js";
import type { IntegrationService } from "../integrations/service.js";
import type { BatchObserver } from "../loaders/batch.js";
import { createLoaders, type Loaders } from "../loaders/index.js";
import type { Caller } from "./auth.js";

export interface Context {
  /** Null only for operations that need no identity (the federation `_service` SDL). */
  caller: Caller | null;
  db: Database;
  loaders: Loaders;
  integrations: IntegrationService;
  /** Told how each trace whose person was asked for resolved: its method, or null (metrics). */
  observeTrace?: TraceObserver;
}

export type TraceObserver = (traceId: string, method: string | null) => void;

/** What the server watches in a request (metrics); both optional. */
export interface RequestObservers {
  batch?: BatchObserver;
  trace?: TraceObserver;
}

export function createContext(
  db: Database,
  integrations: IntegrationService,
  caller: Caller | null,
  observers: RequestObservers = {},
): Context {
  // Without a caller there is no organisation to scope to: such loaders can never be reached,
  // since the auth plugin rejects every operation but `_service` (see auth-plugin.ts).
  return {
    caller,
    db,
    integrations,
    loaders: createLoaders(db, caller?.org ?? "\u0000none", observers.batch),
    observeTrace: observers.trace,
  };
}

/**
 * The caller of an `@Authorized` field, or of a field under one: by then the auth checker (or
 * requireCallerPlugin, for the fields of types) has refused anonymous requests.
 */
export function callerOf(context: Context): Caller {
  return context.caller!;
}
