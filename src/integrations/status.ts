// The status machine of an integration: the only writer of `integrations.status` and
// `status_error`, and of what moves with them (`next_sync_at` when a run ends or the admin
// makes the integration due again). Every transition takes the database handle it runs on, so
// that a caller can run it inside a transaction with the change that causes it.
//
//   added ──► PENDING (every permission granted) or WARNING (a core or recommended one missing)
//
//   PENDING, CONNECTED, WARNING, FAILED ── run started ──► SYNCING
//   SYNCING ── run finished ──► CONNECTED (all synced)
//                            ├► WARNING   (synced, but a resource was skipped for a missing permission)
//                            ├► FAILED    (nothing applied; status_error says why)
//                            └► PENDING   (interrupted: its process died or shut down; due at once)
//   FAILED ── credentials rotated ──► PENDING (due at once)
//
//   CONNECTED, WARNING (PERMISSION_MISSING) ── credential expires within the warning window ──► WARNING (CREDENTIAL_EXPIRING)
//   WARNING (CREDENTIAL_EXPIRING) ── credential replaced or re-dated ──► CONNECTED, then judged again
//
//   PENDING, SYNCING, CONNECTED ── no successful run for STALE_AFTER_INTERVALS intervals ──► WARNING (SYNC_STALE)
//   WARNING (SYNC_STALE) ── run finished ──► as any run's end: a success clears it
//
//   any state ── paused ──► DISABLED ── resumed ──► PENDING (due at once)
//
// DISABLED is left only by resuming: the scheduler never claims it, a manual sync is refused, and
// a run already going when the admin paused finishes without changing it. A run refused because
// another run of the integration is going changes nothing: the status is the running one's.
//
// The expiry warning is a condition, judged when a run ends and on every scheduler tick: it turns
// a CONNECTED integration, or one warning of a missing permission, so FAILED and staleness win over it. Staleness is one
// too, judged on every tick (see staleness.ts); FAILED and other warnings win over it as well.
//
// A run's end and the status it leads to are written together: callers pass the transaction
// that records the run's end, so no reader sees a finished run under a SYNCING integration.
import { and, eq, inArray, isNotNull, lte, ne, or, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { integrations, type IntegrationErrorRow, type PermissionCheckRow } from "../db/schema.js";
import { CREDENTIAL_EXPIRING, credentialExpiringWarning } from "./credential-expiry.js";
import { IntegrationPausedError } from "./errors.js";
import { isMissingPermission } from "./permission-tier.js";
import { INTERRUPTED, PERMISSION_MISSING } from "./status-reasons.js";
import { isStale, staleWarning, type StalenessRule } from "./staleness.js";
import { claimedUntil, type IntegrationRow } from "./store.js";

/** An integration as an admin names it: its id within their organisation. */
export interface OwnedIntegration {
  id: string;
  orgId: string;
}

/**
 * Added after a connection test: PENDING, or WARNING when the test found a core or recommended
 * permission missing. Its first sync starts at once, so it is claimed for it as a scheduler claims
 * an integration (scheduler.ts): no replica finds it due while that sync runs. The run's end sets
 * the real next time; should its process die first, the dead run's closing makes it due at once.
 */
export async function added(
  db: Database,
  id: string,
  permissions: PermissionCheckRow[],
  runTimeoutMinutes: number,
): Promise<IntegrationRow> {
  const [row] = await db
    .update(integrations)
    .set({
      status: permissions.some(isMissingPermission) ? "WARNING" : "PENDING",
      statusError: null,
      nextSyncAt: claimedUntil(runTimeoutMinutes),
    })
    .where(eq(integrations.id, id))
    .returning();
  return row;
}

/**
 * A run took its slot and starts: claimed anew for as long as it may take, since an admin's run
 * may have waited for a slot longer than the claim it was given when asked for.
 */
export async function runStarted(db: Database, id: string, runTimeoutMinutes: number): Promise<void> {
  await db
    .update(integrations)
    .set({ status: "SYNCING", nextSyncAt: claimedUntil(runTimeoutMinutes) })
    .where(and(eq(integrations.id, id), ne(integrations.status, "DISABLED")));
}

export interface RunOutcome {
  /** Why the run failed; null when it succeeded. */
  failure: IntegrationErrorRow | null;
  /** What a successful run could not sync; null when it synced everything. */
  warning: IntegrationErrorRow | null;
  /**
   * The app's permissions as checked again after a successful run, with the sealed credential
   * they were checked with; null when they were not (unchanged).
   */
  permissions: { checks: PermissionCheckRow[]; sealedCredential: string } | null;
  /** The integration's next sync is due this long after the run's end. */
  intervalMinutes: number;
  /** The credential expiry warning window (CREDENTIAL_EXPIRY_WARNING_DAYS). */
  expiryWarningDays: number;
  /** When the run's end was recorded (the database's clock): the next run is due an interval after. */
  finishedAt: Date;
  /**
   * When the run began (the database's clock): a success's time, for the mirror shows the directory
   * at least as it was then, and may miss a change made while the run went on.
   */
  startedAt: Date;
}

export async function runFinished(db: Database, id: string, outcome: RunOutcome): Promise<void> {
  const { failure, warning, permissions, intervalMinutes, finishedAt, startedAt } = outcome;
  await db
    .update(integrations)
    .set({
      status: failure ? "FAILED" : warning ? "WARNING" : "CONNECTED",
      statusError: failure ?? warning,
      nextSyncAt: new Date(finishedAt.getTime() + intervalMinutes * 60_000),
    })
    .where(and(eq(integrations.id, id), ne(integrations.status, "DISABLED")));
  // A successful run's time, and the permissions it found, are kept even when the admin paused
  // meanwhile: they are facts, not a status. The permissions are kept only while the integration
  // holds the credential they were checked with: one replaced meanwhile was checked when it was
  // given, and one re-dated is checked again by the next run.
  if (!failure) await db.update(integrations).set({ lastSuccessfulSyncAt: startedAt }).where(eq(integrations.id, id));
  if (permissions) {
    await db
      .update(integrations)
      .set({ permissions: permissions.checks })
      .where(and(eq(integrations.id, id), eq(integrations.sealedCredential, permissions.sealedCredential)));
  }
  await credentialExpiryJudged(db, { warningDays: outcome.expiryWarningDays, id });
}

/**
 * The run's process died or shut down before its end: nothing was applied, and nothing is wrong
 * with the tenant, so the integration waits for no claim or interval: PENDING, due at once.
 */
export async function runInterrupted(db: Database, id: string): Promise<void> {
  await db
    .update(integrations)
    .set({ status: "PENDING", statusError: INTERRUPTED, nextSyncAt: sql`now()` })
    .where(and(eq(integrations.id, id), ne(integrations.status, "DISABLED")));
}

/** New credentials passed their test: a FAILED integration gets another chance at once. */
export async function credentialsRotated(db: Database, id: string): Promise<void> {
  await db
    .update(integrations)
    .set({ status: "PENDING", statusError: null, nextSyncAt: new Date() })
    .where(and(eq(integrations.id, id), eq(integrations.status, "FAILED")));
}

/**
 * The credential's expiry changed (a new credential, or a date given for the secret): a warning
 * that the old one was expiring goes, and the new one is judged at once.
 */
export async function credentialRedated(db: Database, id: string, warningDays: number): Promise<void> {
  await db
    .update(integrations)
    .set({ status: "CONNECTED", statusError: null })
    .where(and(eq(integrations.id, id), eq(integrations.status, "WARNING"), expiryWarned));
  await credentialExpiryJudged(db, { warningDays, id });
}

/**
 * The condition: every CONNECTED integration (or only `id`) whose credential expires within
 * `warningDays`, or has expired, turns WARNING with CREDENTIAL_EXPIRING, its date and the fix.
 * So does one that warns only of a permission missing: a tenant connected under least privilege
 * warns of it for good, and would never hear of its credential until syncs failed; the permission's
 * warning returns with the first run after the credential is replaced.
 */
export async function credentialExpiryJudged(db: Database, check: { warningDays: number; id?: string }): Promise<void> {
  const now = new Date();
  const expiring = await db
    .select({
      id: integrations.id,
      credentialKind: integrations.credentialKind,
      credentialHint: integrations.credentialHint,
      credentialExpiresAt: integrations.credentialExpiresAt,
    })
    .from(integrations)
    .where(
      and(
        expiryMayWarn,
        isNotNull(integrations.credentialExpiresAt),
        lte(integrations.credentialExpiresAt, new Date(now.getTime() + check.warningDays * 86_400_000)),
        check.id ? eq(integrations.id, check.id) : undefined,
      ),
    );
  for (const { credentialExpiresAt, ...credential } of expiring) {
    await db
      .update(integrations)
      .set({ status: "WARNING", statusError: credentialExpiringWarning({ ...credential, credentialExpiresAt: credentialExpiresAt! }, now) })
      .where(and(eq(integrations.id, credential.id), expiryMayWarn));
  }
}

const expiryWarned = sql`${integrations.statusError}->>'code' = ${CREDENTIAL_EXPIRING}`;
const expiryMayWarn = or(
  eq(integrations.status, "CONNECTED"),
  and(eq(integrations.status, "WARNING"), sql`${integrations.statusError}->>'code' = ${PERMISSION_MISSING}`),
);

/**
 * The condition: every PENDING, SYNCING or CONNECTED integration without a successful run for
 * the rule's intervals turns WARNING with SYNC_STALE. Judged for all integrations at once (there
 * are tens, not millions), with the same rule as the API's `stale` and /metrics.
 */
export async function stalenessJudged(db: Database, rule: StalenessRule): Promise<void> {
  const now = new Date();
  const candidates = await db
    .select()
    .from(integrations)
    .where(inArray(integrations.status, STALE_TURNS));
  for (const integration of candidates) {
    if (!isStale(integration, rule, now)) continue;
    await db
      .update(integrations)
      .set({ status: "WARNING", statusError: staleWarning(integration) })
      .where(and(eq(integrations.id, integration.id), eq(integrations.status, integration.status)));
  }
}

/** The statuses staleness turns WARNING; FAILED and other warnings already say something is wrong. */
const STALE_TURNS = ["PENDING", "SYNCING", "CONNECTED"] as const;

/**
 * The admin paused syncing: nothing is due any more. One statement, so that a pause asked for
 * while a run holds the embedded database's only connection lands before that run's end.
 */
export async function paused(db: Database, integration: OwnedIntegration): Promise<IntegrationRow | undefined> {
  const [row] = await db
    .update(integrations)
    .set({ status: "DISABLED", statusError: null, nextSyncAt: null })
    .where(and(eq(integrations.id, integration.id), eq(integrations.orgId, integration.orgId)))
    .returning();
  return row;
}

/** The admin resumed a paused integration: PENDING, and due at once. Others are left as they are. */
export async function resumed(db: Database, integration: OwnedIntegration): Promise<IntegrationRow | undefined> {
  const [row] = await db
    .update(integrations)
    .set({ status: "PENDING", statusError: null, nextSyncAt: sql`now()` })
    .where(
      and(
        eq(integrations.id, integration.id),
        eq(integrations.orgId, integration.orgId),
        eq(integrations.status, "DISABLED"),
      ),
    )
    .returning();
  return row;
}

/** A paused integration is not synced, not even on an admin's request: they resume it first. */
export function refuseIfPaused(integration: IntegrationRow): void {
  if (integration.status === "DISABLED") throw new IntegrationPausedError(integration.name);
}
