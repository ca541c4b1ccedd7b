// Runs directory syncs for integrations: one at a time per integration, at most
// SYNC_CONCURRENCY at once in this process (sync-slots.ts), recorded as SyncRuns.
//
// A run holds a transaction-scoped PostgreSQL advisory lock on its integration for its whole
// transaction (run-lock.ts), so replicas never sync one tenant twice at once, and a killed
// process releases the lock with its connection. The run row itself is written outside that
// transaction, so a run is visible (RUNNING) while it works; its end is written in one
// transaction with the integration's status.
//
// A run has a ceiling (SYNC_RUN_TIMEOUT_MINUTES): past it, its Graph calls are aborted, its
// statement in flight is cancelled (one waiting for a lock would wait on), its transaction rolls
// back, and it is recorded FAILED with SYNC_TIMEOUT.
import type { Config } from "../config.js";
import type { Database, DatabaseHandle } from "../db/client.js";
import type { IntegrationErrorRow, PermissionCheckRow } from "../db/schema.js";
import { entraEndpoints } from "../entra/clouds.js";
import { createTokenSource, type TokenSource } from "../entra/credentials.js";
import { rolesGrant } from "../entra/connection-test.js";
import { GraphClient } from "../entra/graph-client.js";
import { syncDirectory } from "../entra/sync/sync-directory.js";
import type { SyncMode } from "../directory/sync-modes.js";
import type { SyncPage, SyncResult } from "../entra/sync/types.js";
import type { Logger } from "../logger.js";
import { closeDeadRuns as closeDeadRunsIn } from "./dead-runs.js";
import { tryLockIntegration } from "./run-lock.js";
import { closeOtherRuns, insertRun, recordRunEnd, SYNC_IN_PROGRESS, type RunEnd, type SyncRunRow } from "./runs.js";
import { recheckedPermissions } from "./permissions.js";
import { unsealCredential } from "./sealed-credential.js";
import type { SecretsKeys } from "./secrets.js";
import { runFinished, runInterrupted, runStarted, type RunOutcome } from "./status.js";
import {
  ABANDONED,
  CREDENTIAL_UNREADABLE,
  describeFailure,
  IntegrationRemovedError,
  PERMISSION_MISSING,
  ServerIdentityNotAllowedError,
  skippedWarning,
  SyncInProgressError,
  timedOut,
} from "./status-reasons.js";
import { mayUseCredential } from "./server-identity.js";
import { holdIntegrationForRun, saveDeltaLinks, type IntegrationRow } from "./store.js";
import { paceAgainstReads } from "./sync-pace.js";
import { SyncSlots } from "./sync-slots.js";

export interface StartedRun {
  run: SyncRunRow;
  /** Settles with the finished run; never rejects (failures are recorded on the run). */
  finished: Promise<SyncRunRow>;
}

export interface SyncRunnerOptions {
  /** The syncs' own connections (DatabaseHandle.syncDb), never those serving GraphQL requests. */
  db: Database;
  /** Opens a run's transaction on `db` (DatabaseHandle.syncTransaction). */
  transaction: DatabaseHandle["syncTransaction"];
  /** This process's reads, which runs give way to (sync-pace.ts). */
  reads: DatabaseHandle["readActivity"];
  config: Config;
  secretsKeys: SecretsKeys;
  log: Logger;
  observer?: SyncObserver;
  /**
   * How young a RUNNING row of another process may be and still not be judged dead
   * (run-lock.ts's RUN_START_GRACE_MS by default). Tests that kill a run's process pass 0.
   */
  deadRunGraceMs?: number;
}

/** Watches runs from outside (metrics, the CLI's progress bar); every method is optional. */
export interface SyncObserver {
  /** Each Graph attempt: its HTTP status (0: no response) and whether it will be retried. */
  graphAttempt?(status: number, retrying: boolean): void;
  /** A request inside a JSON batch answered with a retryable status, to be sent again. */
  graphBatchedRetry?(status: number): void;
  /** Each delta page, once applied (inside the run's transaction: not yet committed). */
  page?(run: SyncRunRow, page: SyncPage): void;
  /** A run rested after a page, giving way to reads (sync-pace.ts). */
  rested?(seconds: number): void;
  /** A run recorded as finished (not one refused because another was going), and how long it took. */
  finished?(run: SyncRunRow, seconds: number): void;
}

export class SyncRunner {
  readonly #options: SyncRunnerOptions;
  /**
   * Runs of this process by integration, registered before the first await of start(), so that
   * two requests arriving together cannot both start one.
   */
  readonly #running = new Map<string, Promise<StartedRun>>();
  /** The ids of this process's runs until their end is recorded: alive, never judged dead. */
  readonly #runIds = new Set<string>();
  /** Aborted by abandon(): running syncs stop at their next Graph request or wait. */
  readonly #abandoning = new AbortController();
  /** One msal client per integration and credential, so its token cache lives across runs. */
  readonly #tokenSources = new Map<string, { sealedCredential: string; source: TokenSource }>();
  /** SYNC_CONCURRENCY, and one for admins: a run past them waits for a slot before it starts. */
  readonly #slots: SyncSlots;

  constructor(options: SyncRunnerOptions) {
    this.#options = options;
    this.#slots = new SyncSlots(options.config.syncConcurrency);
  }

  /** How many more runs this process can start now without one waiting: what the scheduler claims. */
  get room(): number {
    return this.#slots.free;
  }

  /**
   * Starts a run in the background, or returns the one this process already has going. An admin's
   * run may take the slot kept for admins (sync-slots.ts).
   */
  start(integration: IntegrationRow, mode: SyncMode, { byAdmin = false } = {}): Promise<StartedRun> {
    const current = this.#running.get(integration.id);
    if (current) return current;
    const starting = this.#begin(integration, mode, byAdmin);
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

  async #begin(integration: IntegrationRow, mode: SyncMode, byAdmin: boolean): Promise<StartedRun> {
    const { db } = this.#options;
    // A slot before the row: a RUNNING row is always a run about to take its lock, never one
    // waiting its turn, which another replica would judge dead (run-lock.ts).
    const releaseSlot = await this.#slots.take(this.#abandoning.signal, byAdmin);
    let finished: Promise<SyncRunRow>;
    let run: SyncRunRow;
    try {
      run = await insertRun(db, integration.id, mode);
      this.#runIds.add(run.id);
      await runStarted(db, integration.id, this.#options.config.syncRunTimeoutMinutes);
      finished = this.#execute(integration, run).catch((error: unknown) => this.#unrecorded(run, error));
    } catch (error) {
      releaseSlot();
      throw error;
    }
    void finished.finally(() => {
      this.#runIds.delete(run.id);
      releaseSlot();
    });
    return { run, finished };
  }

  /**
   * A run whose end could not be recorded (the database lost at its end): logged, its row left
   * RUNNING for a replica's dead-run probe to close once its lock is gone.
   */
  #unrecorded(run: SyncRunRow, error: unknown): SyncRunRow {
    this.#options.log.error({ err: error, integrationId: run.integrationId, runId: run.id }, "could not record the end of a sync run");
    return { ...run, status: "FAILED", finishedAt: new Date(), error: describeFailure(error) };
  }

  /**
   * Closes other processes' runs whose process is gone (dead-runs.ts) as INTERRUPTED, making
   * their integrations due at once; returns their ids. Called at start and on every scheduler tick.
   */
  async closeDeadRuns(): Promise<string[]> {
    const { db, log, deadRunGraceMs } = this.#options;
    const reopened = await closeDeadRunsIn(db, { ownRunIds: this.#runIds, startGraceMs: deadRunGraceMs });
    for (const integrationId of reopened) {
      log.warn({ integrationId }, "closed a sync run whose process is gone as INTERRUPTED; due again at once");
    }
    return reopened;
  }

  /**
   * Stops every running sync at its next Graph request or wait (shutdown past its grace period).
   * Each rolls back its transaction and is recorded INTERRUPTED, its integration due at once;
   * drain() then settles promptly.
   */
  abandon(): void {
    this.#abandoning.abort(new Error("The sync was abandoned at shutdown"));
  }

  /** Forgets an integration's msal client (after its removal or a new credential). */
  forget(integrationId: string): void {
    this.#tokenSources.delete(integrationId);
  }

  /** The integration's token source, kept across runs (with msal's token cache) while its sealed credential is the same. */
  #tokenSource(integration: IntegrationRow): TokenSource {
    const cached = this.#tokenSources.get(integration.id);
    const { sealedCredential } = integration;
    if (cached?.sealedCredential === sealedCredential) return cached.source;
    const { config, secretsKeys } = this.#options;
    const { authorityHost, graphBaseUrl } = entraEndpoints(integration.cloud, config);
    const source = createTokenSource({
      tenantId: integration.tenantId,
      clientId: integration.clientId,
      credential: unsealCredential(sealedCredential, secretsKeys),
      authorityHost,
      graphBaseUrl,
      tokenTimeoutMs: config.deadlines.tokenMs,
    });
    this.#tokenSources.set(integration.id, { sealedCredential, source });
    return source;
  }

  async #execute(integration: IntegrationRow, run: SyncRunRow): Promise<SyncRunRow> {
    const { config, log, observer } = this.#options;
    const { graphBaseUrl } = entraEndpoints(integration.cloud, config);
    const timeoutMinutes = config.syncRunTimeoutMinutes;
    const ceiling = new AbortController();
    const ceilingTimer = setTimeout(() => ceiling.abort(new Error("The sync ran past SYNC_RUN_TIMEOUT_MINUTES")), timeoutMinutes * 60_000);
    const stopped = AbortSignal.any([this.#abandoning.signal, ceiling.signal]);
    const runLog = log.child({ integrationId: integration.id, runId: run.id, mode: run.mode });
    const started = Date.now();
    let tokenSource: TokenSource | undefined;
    let graph: GraphClient | undefined;
    let result: SyncResult | undefined;
    let failure: IntegrationErrorRow | undefined;
    let status: RunEnd["status"] = "SUCCEEDED";
    try {
      // Inside the try: a credential its organisation may not use, or this replica cannot open
      // (another SECRETS_KEY), fails the run as any other cause does, recorded where the admin looks.
      if (!mayUseCredential(config, integration.orgId, integration.credentialKind)) {
        throw new ServerIdentityNotAllowedError(integration.credentialKind);
      }
      const source = (tokenSource = this.#tokenSource(integration));
      const client = (graph = new GraphClient({
        baseUrl: graphBaseUrl,
        token: async (fresh) => (await source.getToken({ fresh })).accessToken,
        priority: "Low",
        deadlines: config.deadlines.graph,
        onAttempt: observer?.graphAttempt?.bind(observer),
        onBatchedRetry: observer?.graphBatchedRetry?.bind(observer),
        signal: stopped,
      }));
      result = await this.#options.transaction(async (tx) => {
        await this.#lock(tx, integration.id, run.id);
        const latest = await holdIntegrationForRun(tx, integration.id);
        if (!latest) throw new IntegrationRemovedError("The integration was removed before its run began");
        const synced = await syncDirectory({
          db: tx,
          graph: client,
          integrationId: integration.id,
          runId: run.id,
          mode: run.mode,
          startedAt: run.startedAt,
          deltaLinks: {
            users: latest.usersDeltaLink ?? null,
            groups: latest.groupsDeltaLink ?? null,
            servicePrincipals: latest.servicePrincipalsDeltaLink ?? null,
            queries: latest.deltaLinksQueries ?? null,
          },
          onPage: (page) => observer?.page?.(run, page),
          tokenGrants: async (permission) => rolesGrant((await source.getToken()).roles, permission),
          pace: paceAgainstReads({
            reads: this.#options.reads,
            restRatio: config.syncRestRatio,
            signal: stopped,
            rested: (ms) => observer?.rested?.(ms / 1000),
          }),
        });
        await saveDeltaLinks(tx, integration.id, synced.deltaLinks);
        return synced;
      }, stopped);
    } catch (error) {
      status = this.#abandoning.signal.aborted ? "INTERRUPTED" : "FAILED";
      failure = this.#abandoning.signal.aborted
        ? ABANDONED
        : ceiling.signal.aborted
          ? timedOut(timeoutMinutes)
          : describeFailure(error, integration.credentialKind);
      if (failure.code === "INTERNAL" || failure.code === CREDENTIAL_UNREADABLE) runLog.error({ err: error }, "sync failed");
    } finally {
      clearTimeout(ceilingTimer);
    }
    // Checked again after a run refused a permission it had read with before, too: the checks
    // would otherwise go on saying it is granted.
    const checks =
      tokenSource && (result || failure?.code === PERMISSION_MISSING)
        ? await this.#recheckedPermissions(integration, tokenSource, graphBaseUrl, runLog)
        : null;
    const permissions = checks && { checks, sealedCredential: integration.sealedCredential };
    const graphRequests = graph?.requestCount ?? 0;
    const finishedRun = await this.#record(integration, run, graphRequests, result, status, failure, permissions);
    if (failure?.code !== SYNC_IN_PROGRESS) observer?.finished?.(finishedRun, (Date.now() - started) / 1000);
    runLog.info(
      { status: finishedRun.status, ms: Date.now() - started, graphRequests, error: failure?.code },
      "sync finished",
    );
    return finishedRun;
  }

  /** The app's permissions, checked again when the run's token grants others than recorded; never fails the run. */
  async #recheckedPermissions(
    integration: IntegrationRow,
    tokenSource: TokenSource,
    graphBaseUrl: string,
    runLog: Logger,
  ): Promise<PermissionCheckRow[] | null> {
    const { observer } = this.#options;
    try {
      // The probes are background work of the run's: marked so, counted in the metrics, and
      // stopped at shutdown.
      return await recheckedPermissions(integration.permissions, tokenSource, graphBaseUrl, {
        priority: "Low",
        onAttempt: observer?.graphAttempt?.bind(observer),
        signal: this.#abandoning.signal,
      });
    } catch (error) {
      runLog.warn({ err: error }, "could not check the app's permissions again after the run");
      return null;
    }
  }

  /** Takes the integration's run lock, and closes runs that a killed process left RUNNING. */
  async #lock(tx: Database, integrationId: string, runId: string): Promise<void> {
    if (!(await tryLockIntegration(tx, integrationId))) {
      throw new SyncInProgressError("Another sync of this integration is running");
    }
    // Holding the lock proves no other run of this integration is alive.
    await closeOtherRuns(tx, integrationId, runId);
  }

  /** The run's end and the integration's status it leads to, in one transaction. */
  async #record(
    integration: IntegrationRow,
    run: SyncRunRow,
    graphRequests: number,
    result: SyncResult | undefined,
    status: RunEnd["status"],
    failure: IntegrationErrorRow | undefined,
    permissions: RunOutcome["permissions"],
  ): Promise<SyncRunRow> {
    const { db, config } = this.#options;
    return db.transaction(async (tx) => {
      // The integration's row first, as its removal takes it first (deleteIntegration): taken
      // after the run's row, a removal at the run's end would deadlock with this transaction.
      // Removed meanwhile, its runs went with it, and there is nothing to record.
      if (!(await holdIntegrationForRun(tx, integration.id))) {
        return { ...run, status, finishedAt: new Date(), graphRequests, error: failure ?? null };
      }
      const finishedRun = await recordRunEnd(tx, run.id, {
        status,
        mode: result?.mode ?? run.mode,
        graphRequests,
        counters: result?.counters,
        failure: failure ?? null,
      });
      // Refused because another run is going: the status is that run's to set.
      if (failure?.code === SYNC_IN_PROGRESS) return finishedRun;
      if (status === "INTERRUPTED") {
        await runInterrupted(tx, integration.id);
        return finishedRun;
      }
      await runFinished(tx, integration.id, {
        failure: failure ?? null,
        warning: result?.skipped.length ? skippedWarning(result.skipped, integration.credentialKind) : null,
        permissions,
        intervalMinutes: integration.syncIntervalMinutes ?? config.syncIntervalMinutes,
        expiryWarningDays: config.credentialExpiryWarningDays,
        finishedAt: finishedRun.finishedAt!,
        startedAt: finishedRun.startedAt,
      });
      return finishedRun;
    });
  }
}
