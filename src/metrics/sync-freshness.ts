// How fresh each integration's mirror is, read when Prometheus scrapes (as the credential expiry
// is), where GraphQL queries read, so a read replica's lag counts: the freshness readers see.
// When its last successful sync began, and whether it is stale by the same rule as the API's
// `stale` (src/integrations/staleness.ts). Every replica reports every integration; alert rules
// aggregate with max by integration.
//
// One read per scrape serves the gauges. When it fails or does not answer in time (scrape-read.ts:
// the database, or the read replica, down or locked), the freshness gauges have no series and
// identity_database_up is 0, rather than the whole scrape failing: the process and sync counters
// still reach Prometheus, and an alert on identity_database_up fires where the freshness alerts
// could not.
import { Gauge, type Registry } from "prom-client";
import type { DatabaseHandle } from "../db/client.js";
import { isStale, type StalenessRule } from "../integrations/staleness.js";
import { syncFreshness } from "../integrations/store.js";
import { scrapeReads } from "./scrape-read.js";

export function watchSyncFreshness(registry: Registry, reading: DatabaseHandle["reading"], rule: StalenessRule): void {
  // The gauges of one scrape are collected at once (prom-client), and share the read.
  const read = scrapeReads(() => reading(syncFreshness));
  const labelNames = ["integration_id", "org"] as const;
  new Gauge({
    name: "identity_last_successful_sync_timestamp_seconds",
    help: "Unix time the integration's latest successful sync began, by the database's clock; no series until one has, nor while the database cannot be read.",
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { id, orgId, lastSuccessfulSyncAt } of (await read()) ?? []) {
        if (lastSuccessfulSyncAt) this.set({ integration_id: id, org: orgId }, Math.floor(lastSuccessfulSyncAt.getTime() / 1000));
      }
    },
  });
  new Gauge({
    name: "identity_integration_stale",
    help: "1 when the integration has had no successful sync for STALE_AFTER_INTERVALS sync intervals (its API field `stale`), paused ones included, else 0; no series while the database cannot be read.",
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      const now = new Date();
      for (const integration of (await read()) ?? []) {
        this.set({ integration_id: integration.id, org: integration.orgId }, isStale(integration, rule, now) ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: "identity_database_up",
    help: "1 when this scrape read the integrations from the database GraphQL queries read (the read replica, if one is set), 0 when it could not.",
    registers: [registry],
    async collect() {
      this.set((await read()) === undefined ? 0 : 1);
    },
  });
}
