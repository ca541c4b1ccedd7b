// Staleness: an integration whose mirror has not been refreshed by a successful run for
// STALE_AFTER_INTERVALS of its sync intervals, counted from its last success (or its creation,
// if none yet). A paused integration goes stale too: its admin chose that it not sync, but the
// people it shows grow out of date all the same, and a trace's reader must be able to tell.
import type { Config } from "../config.js";
import type { IntegrationErrorRow } from "../db/schema.js";
import type { StatusReasonCode } from "./status-reasons.js";
import type { IntegrationRow } from "./store.js";

export const SYNC_STALE = "SYNC_STALE" satisfies StatusReasonCode;

export interface StalenessRule {
  /** SYNC_INTERVAL_MINUTES: the interval of integrations without their own. */
  defaultIntervalMinutes: number;
  /** STALE_AFTER_INTERVALS. */
  staleAfterIntervals: number;
}

export type FreshnessFacts = Pick<IntegrationRow, "status" | "syncIntervalMinutes" | "lastSuccessfulSyncAt" | "createdAt">;

export function stalenessRule(config: Config): StalenessRule {
  return { defaultIntervalMinutes: config.syncIntervalMinutes, staleAfterIntervals: config.staleAfterIntervals };
}

/** When the integration is, or will be, stale without another successful run. */
export function staleFrom(integration: FreshnessFacts, rule: StalenessRule): Date {
  const since = integration.lastSuccessfulSyncAt ?? integration.createdAt;
  const intervalMinutes = integration.syncIntervalMinutes ?? rule.defaultIntervalMinutes;
  return new Date(since.getTime() + intervalMinutes * rule.staleAfterIntervals * 60_000);
}

export function isStale(integration: FreshnessFacts, rule: StalenessRule, now = new Date()): boolean {
  return staleFrom(integration, rule).getTime() <= now.getTime();
}

/** The warning a stale integration shows, as an admin should read it. */
export function staleWarning(integration: FreshnessFacts): IntegrationErrorRow {
  const last = integration.lastSuccessfulSyncAt;
  return {
    code: SYNC_STALE,
    message: last
      ? `No successful sync since ${last.toISOString()}: the mirror may be missing the directory's recent changes`
      : `No successful sync since the integration was added on ${integration.createdAt.toISOString()}`,
    hint: "Look at lastSync's error for why runs fail or do not start; the server log and identity_sync_runs_total tell more",
  };
}
