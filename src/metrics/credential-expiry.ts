// Seconds until each integration's credential expires, read from the database when Prometheus
// scrapes: every replica reports every integration (alert rules aggregate with max or min by
// integration), and nothing is kept in memory between scrapes. Only credentials whose expiry is
// known have a series: certificates, and client secrets given one.
import { Gauge, type Registry } from "prom-client";
import type { DatabaseHandle } from "../db/client.js";
import { credentialExpiries } from "../integrations/store.js";
import { scrapeReads } from "./scrape-read.js";

export function watchCredentialExpiry(registry: Registry, reading: DatabaseHandle["reading"]): void {
  const read = scrapeReads(() => reading(credentialExpiries));
  new Gauge({
    name: "identity_credential_expiry_seconds",
    help: "Seconds until the integration's credential (a certificate, or a client secret given an expiry) expires; negative once it has.",
    labelNames: ["integration_id", "org"] as const,
    registers: [registry],
    async collect() {
      // Unreadable, no series: identity_database_up (sync-freshness.ts) says why, and the scrape goes on.
      const expiries = (await read()) ?? [];
      this.reset();
      const now = Date.now();
      for (const { id, orgId, expiresAt } of expiries) {
        this.set({ integration_id: id, org: orgId }, Math.round((expiresAt.getTime() - now) / 1000));
      }
    },
  });
}
