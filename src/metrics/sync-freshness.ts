// How fresh each integration's mirror is, read when Prometheus scrapes (as the credential expiry
// is), where GraphQL queries read, so a read replica's lag counts: the freshness readers see.
// When its last successful sync finished, and whether it is stale by the same rule as the API's
// `stale` (src/integrations/staleness.ts). Every replica reports every integration; alert rules
// aggregate with max by integration.
import { Gauge, type Registry } from "prom-client";
import type { DatabaseHandle } from "../db/client.js";
import { isStale, type StalenessRule } from "../integrations/staleness.js";
import { syncFreshness } from "../integrations/store.js";

export function watchSyncFreshness(registry: Registry, reading: DatabaseHandle["reading"], rule: StalenessRule): void {
  const labelNames = ["integration_id", "org"] as const;
  new Gauge({
    name: "identity_last_successful_sync_timestamp_seconds",
    help: "Unix time the integration's latest successful sync finished; no series until one has.",
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { id, orgId, lastSuccessfulSyncAt } of await reading(syncFreshness)) {
        if (lastSuccessfulSyncAt) this.set({ integration_id: id, org: orgId }, Math.floor(lastSuccessfulSyncAt.getTime() / 1000));
      }
    },
  });
  new Gauge({
    name: "identity_integration_stale",
    help: "1 when the integration has had no successful sync for STALE_AFTER_INTERVALS sync intervals (its API field `stale`), paused ones included, else 0.",
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      const now = new Date();
      for (const integration of await reading(syncFreshness)) {
        this.set({ integration_id: integration.id, org: integration.orgId }, isStale(integration, rule, now) ? 1 : 0);
      }
    },
  });
}
