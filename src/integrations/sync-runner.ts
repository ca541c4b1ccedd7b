// Runs directory syncs for integrations: one at a time per integration, recorded as SyncRuns.
//
// A run holds a transaction-scoped PostgreSQL advisory lock on its integration for its whole
// transaction, so replicas never sync one tenant twice at once, and a killed process releases
// the lock with its connection. The run row itself is written outside that transaction, so a
// run is visible (RUNNING) while it works.
import { sql } from "drizzle-orm";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { selectRows } from "../db/rows.js";
import type { IntegrationErrorRow } from "../db/schema.js";
import { entraEndpoints } from "../entra/clouds.js";
import { createTokenSource, EntraAuthError, type TokenSource } from "../entra/credentials.js";
import { GraphClient, GraphError } from "../entra/graph-client.js";
import { syncDirectory } from "../entra/sync/sync-directory.js";
import type { SyncMode } from "../directory/sync-modes.js";
import type { SkippedResource, SyncPage, SyncResult } from "../entra/sync/types.js";
import type { Logger } from "../logger.js";
import { closeInterruptedRuns, insertRun, recordRunEnd, type SyncRunRow } from "./runs.js";
import { unsealCredential } from "./sealed-credential.js";
import { runFinished, runStarted } from "./status.js";
import { findIntegration, saveDeltaLinks, type IntegrationRow } from "./store.js";

export interface StartedRun {
  run: SyncRunRow;
  /** Settles with the finished run; never rejects (failures are recorded on the run). */
  finished: Promise<SyncRunRow>;
}

export interface SyncRunnerOptions {
  db: Database;
  config: Config;
  secretsKey: Buffer;
  log: Logger;
  observer?: SyncObserver;
}

/** Watches runs from outside (metrics, the CLI's progress bar); every method is optional. */
export interface SyncObserver {
  /** Each Graph attempt: its HTTP status (0: no response) and whether it will be retried. */
  graphAttempt?(status: number, retrying: boolean): void;
  /** Each delta page, once applied (inside the run's transaction: not yet committed). */
  page?(run: SyncRunRow, page: SyncPage): void;
  /** A run recorded as finished, and how long it took. */
  finished?(run: SyncRunRow, seconds: number): void;
}

class SyncInProgressError extends Error {
  override readonly name = "SyncInProgressError";
}

export class SyncRunner {
  readonly #options: SyncRunnerOptions;
  /**
   * Runs of this process by integration, registered before the first await of start(), so that
   * two requests arriving together cannot both start one.
   */
  readonly #running = new Map<string, Promise<StartedRun>>();
  /** Aborted by abandon(): running syncs stop at their next Graph request or wait. */
  readonly #abandoning = new AbortController();
  /** One msal client per integration and credential, so its token cache lives across runs. */
  readonly #tokenSources = new Map<string, { sealedCredential: string; source: TokenSource }>();

  constructor(options: SyncRunnerOptions) {
    this.#options = options;
  }

  /** Starts a run in the background, or returns the one this process already has going. */
  start(integration: IntegrationRow, mode: SyncMode): Promise<StartedRun> {
    const current = this.#running.get(integration.id);
    if (current) return current;
    const starting = this.#begin(integration, mode);
    this.#running.set(integration.id, starting);
    const release = () => {
      if (this.#running.get(integration.id) === starting) this.#running.delete(integration.id);
    };
    starting.then((started) => started.finished.finally(release), release);
    return starting;
  }

  /** Waits for every run this process started (graceful shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.all(
      [...this.#running.values()].map((starting) => starting.then((started) => started.finished, () => undefined)),
    );
  }

  async #begin(integration: IntegrationRow, mode: SyncMode): Promise<StartedRun> {
    const { db } = this.#options;
    const run = await insertRun(db, integration.id, mode);
    await runStarted(db, integration.id);
    return { run, finished: this.#execute(integration, run) };
  }

  /**
   * Stops every running sync at its next Graph request or wait (shutdown past its grace period).
   * Each rolls back its transaction and is recorded FAILED with code INTERRUPTED; drain() then
   * settles promptly.
   */
  abandon(): void {
    this.#abandoning.abort(new Error("The sync was abandoned at shutdown"));
  }

  /** Forgets an integration's msal client (after its removal or a new credential). */
  forget(integrationId: string): void {
    this.#tokenSources.delete(integrationId);
  }

  tokenSource(integration: IntegrationRow): TokenSource {
    const cached = this.#tokenSources.get(integration.id);
    const { sealedCredential } = integration;
    if (cached?.sealedCredential === sealedCredential) return cached.source;
    const { config, secretsKey } = this.#options;
    const { authorityHost, graphBaseUrl } = entraEndpoints(integration.cloud, config);
    const source = createTokenSource({
      tenantId: integration.tenantId,
      clientId: integration.clientId,
      credential: unsealCredential(sealedCredential, secretsKey),
      authorityHost,
      graphBaseUrl,
      tokenTimeoutMs: config.deadlines.tokenMs,
    });
    this.#tokenSources.set(integration.id, { sealedCredential, source });
    return source;
  }

  async #execute(integration: IntegrationRow, run: SyncRunRow): Promise<SyncRunRow> {
    const { db, config, log, observer } = this.#options;
    const { graphBaseUrl } = entraEndpoints(integration.cloud, config);
    const tokenSource = this.tokenSource(integration);
    const graph = new GraphClient({
      baseUrl: graphBaseUrl,
      token: async () => (await tokenSource.getToken()).accessToken,
      priority: "Low",
      deadlines: config.deadlines.graph,
      onAttempt: observer?.graphAttempt?.bind(observer),
      signal: this.#abandoning.signal,
    });
    const runLog = log.child({ integrationId: integration.id, runId: run.id, mode: run.mode });
    const started = Date.now();
    let result: SyncResult | undefined;
    let failure: IntegrationErrorRow | undefined;
    try {
      result = await db.transaction(async (tx) => {
        await this.#lock(tx, integration.id, run.id);
        const latest = await findIntegration(tx, integration.id);
        const synced = await syncDirectory({
          db: tx,
          graph,
          integrationId: integration.id,
          runId: run.id,
          mode: run.mode,
          deltaLinks: { users: latest?.usersDeltaLink ?? null, groups: latest?.groupsDeltaLink ?? null },
          onPage: (page) => observer?.page?.(run, page),
        });
        await saveDeltaLinks(tx, integration.id, synced.deltaLinks);
        return synced;
      });
    } catch (error) {
      failure = this.#abandoning.signal.aborted ? ABANDONED : describeFailure(error);
      if (failure.code === "INTERNAL") runLog.error({ err: error }, "sync failed");
    }
    const finishedRun = await this.#record(integration, run, graph.requestCount, result, failure);
    observer?.finished?.(finishedRun, (Date.now() - started) / 1000);
    runLog.info(
      { status: finishedRun.status, ms: Date.now() - started, graphRequests: graph.requestCount, error: failure?.code },
      "sync finished",
    );
    return finishedRun;
  }

  /** Takes the integration's advisory lock, and closes runs that a killed process left RUNNING. */
  async #lock(tx: Database, integrationId: string, runId: string): Promise<void> {
    const [lock] = await selectRows<{ locked: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(hashtext(${integrationId})) as locked`,
    );
    if (!lock?.locked) throw new SyncInProgressError("Another sync of this integration is running");
    // Holding the lock proves no other run of this integration is alive.
    await closeInterruptedRuns(tx, integrationId, runId);
  }

  async #record(
    integration: IntegrationRow,
    run: SyncRunRow,
    graphRequests: number,
    result: SyncResult | undefined,
    failure: IntegrationErrorRow | undefined,
  ): Promise<SyncRunRow> {
    const { db, config } = this.#options;
    const finishedRun = await recordRunEnd(db, run.id, {
      mode: result?.mode ?? run.mode,
      graphRequests,
      counters: result?.counters,
      failure: failure ?? null,
    });
    // Refused because another run is going: the status is that run's to set.
    if (failure?.code === "SYNC_IN_PROGRESS") return finishedRun;
    await runFinished(db, integration.id, {
      failure: failure ?? null,
      warning: result?.skipped.length ? skippedWarning(result.skipped) : null,
      intervalMinutes: integration.syncIntervalMinutes ?? config.syncIntervalMinutes,
      expiryWarningDays: config.credentialExpiryWarningDays,
    });
    return finishedRun;
  }
}

/** A successful run that skipped resources for missing permissions, as the admin should read it. */
function skippedWarning(skipped: SkippedResource[]): IntegrationErrorRow {
  return {
    code: "PERMISSION_MISSING",
    message: `Not synced: ${skipped.map((s) => s.resource).join(", ")} (${skipped[0].message})`,
    hint: "In the app registration, add the missing Microsoft Graph application permissions and click Grant admin consent",
  };
}

const ABANDONED: IntegrationErrorRow = {
  code: "INTERRUPTED",
  message: "The server shut down before this sync finished; nothing of it was applied",
  hint: "The next scheduled sync starts again from the last good state",
};

/** A failure as an admin should read it; internals stay in the server log. */
function describeFailure(error: unknown): IntegrationErrorRow {
  if (error instanceof EntraAuthError) {
    return { code: "ENTRA_AUTH_FAILED", message: error.message, hint: error.hint, reason: error.reason };
  }
  if (error instanceof SyncInProgressError) {
    return { code: "SYNC_IN_PROGRESS", message: error.message, hint: "Wait for the running sync to finish" };
  }
  if (error instanceof GraphError) {
    return {
      code: error.code,
      message: `Microsoft Graph: ${error.message}`,
      hint: error.retryable
        ? "Microsoft Graph is busy or unreachable; the next scheduled sync retries from the last good state"
        : null,
    };
  }
  return { code: "INTERNAL", message: "The sync failed unexpectedly; the server log has the details", hint: null };
}
