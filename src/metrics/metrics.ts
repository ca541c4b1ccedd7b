// Prometheus metrics of one running app, served on GET /metrics.
//
// Each app owns its registry (not prom-client's global one), so a process may run several apps
// (tests do) without their counters mixing or names colliding. The metrics implement the
// observer hooks the parts already expose: SyncObserver (runs, Graph attempts), BatchObserver
// (DataLoader batches) and the trace observer (enrichment outcomes).
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import { IDENTITY_METHODS } from "../directory/identity-methods.js";
import { SYNC_MODES } from "../directory/sync-modes.js";
import type { RequestObservers } from "../graphql/context.js";
import type { SyncRunRow } from "../integrations/runs.js";
import type { SyncObserver } from "../integrations/sync-runner.js";
import { SYNC_STATUSES } from "../integrations/sync-status.js";

// Rows a successful run wrote, by the SyncRun counter that records them.
const ROW_COUNTERS = [
  "usersUpserted",
  "usersRemoved",
  "groupsUpserted",
  "groupsRemoved",
  "membershipsChanged",
  "servicePrincipalsUpserted",
  "servicePrincipalsRemoved",
] as const;

export interface Metrics {
  readonly registry: Registry;
  /** Observes the sync runner: pass as SyncRunnerOptions.observer. */
  readonly sync: SyncObserver;
  /** Fresh per request: counts each trace once however many of its fields were asked. */
  requestObservers(): RequestObservers;
  /** One HTTP request served. */
  observeHttp(method: string, route: string, statusCode: number, seconds: number): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const syncRuns = new Counter({
    name: "identity_sync_runs_total",
    help: "Directory sync runs finished by this replica, by status (SUCCEEDED, FAILED, INTERRUPTED) and mode (FULL, INCREMENTAL); runs refused because another was going are not counted.",
    labelNames: ["status", "mode"] as const,
    registers,
  });
  // Every ending at 0 from the start: a rule comparing successes with failures ("failing, none
  // succeeding") needs the series of successes to exist before the first one, or it never fires
  // on a replica whose every run fails.
  for (const status of SYNC_STATUSES.filter((s) => s !== "RUNNING")) {
    for (const mode of SYNC_MODES) syncRuns.inc({ status, mode }, 0);
  }
  const syncDuration = new Histogram({
    name: "identity_sync_duration_seconds",
    help: "How long directory sync runs took, by status.",
    labelNames: ["status"] as const,
    // From a small tenant's incremental run to a 100k-user full one.
    buckets: [0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers,
  });
  const rowsWritten = new Counter({
    name: "identity_sync_rows_written_total",
    help: "Mirror rows written by successful sync runs, by kind (usersUpserted, membershipsChanged, ...).",
    labelNames: ["kind"] as const,
    registers,
  });
  const graphRequests = new Counter({
    name: "identity_graph_requests_total",
    help: "Microsoft Graph HTTP attempts by sync runs, by status (0: no response).",
    labelNames: ["status"] as const,
    registers,
  });
  const graphRetries = new Counter({
    name: "identity_graph_throttled_retries_total",
    help: "Graph requests retried after throttling or unavailability (429, 503, 504) or a dropped connection (0), those inside a JSON batch included.",
    labelNames: ["status"] as const,
    registers,
  });
  const syncRest = new Counter({
    name: "identity_sync_rest_seconds_total",
    help: "Time sync runs rested after their pages, giving way to this replica's reads (SYNC_REST_RATIO).",
    registers,
  });
  const batchSize = new Histogram({
    name: "identity_loader_batch_size",
    help: "Keys per DataLoader batch (one SQL statement each), by loader.",
    labelNames: ["loader"] as const,
    buckets: [1, 2, 5, 10, 50, 100, 500, 1000, 5000, 10000],
    registers,
  });
  const traces = new Counter({
    name: "identity_traces_total",
    help: `Traces whose person was asked for, by result (resolved, unresolved) and method (${IDENTITY_METHODS.join(", ")}, NONE).`,
    labelNames: ["result", "method"] as const,
    registers,
  });
  const httpDuration = new Histogram({
    name: "identity_http_request_duration_seconds",
    help: "HTTP requests served, by method, route and status code.",
    labelNames: ["method", "route", "status_code"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });

  return {
    registry,
    sync: {
      graphAttempt(status, retrying) {
        graphRequests.inc({ status: String(status) });
        // A 401 or 403 sent again with a new token is no throttling, and counts among requests only.
        if (retrying && status !== 401 && status !== 403) graphRetries.inc({ status: String(status) });
      },
      graphBatchedRetry(status) {
        graphRetries.inc({ status: String(status) });
      },
      rested(seconds) {
        syncRest.inc(seconds);
      },
      finished(run: SyncRunRow, seconds: number) {
        syncRuns.inc({ status: run.status, mode: run.mode });
        syncDuration.observe({ status: run.status }, seconds);
        // A failed run rolled back: it wrote nothing, whatever it had counted.
        if (run.status !== "SUCCEEDED") return;
        for (const kind of ROW_COUNTERS) if (run[kind] > 0) rowsWritten.inc({ kind }, run[kind]);
      },
    },
    requestObservers() {
      const seen = new Set<string>();
      return {
        batch: (loader, keys) => batchSize.observe({ loader }, keys),
        trace(traceId, method) {
          if (seen.has(traceId)) return;
          seen.add(traceId);
          traces.inc({ result: method ? "resolved" : "unresolved", method: method ?? "NONE" });
        },
      };
    },
    observeHttp(method, route, statusCode, seconds) {
      httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
    },
  };
}
