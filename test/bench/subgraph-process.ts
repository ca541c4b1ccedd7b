// The measured process: our service as production runs it (compiled, one process: HTTP server,
// sync runner, loaders), driven by bench.ts over IPC. Its peak RSS is the sync's peak RSS:
// the emulator, the gateway and the load generator live in the bench's own process.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { count, eq } from "drizzle-orm";
import postgres from "postgres";
import { startApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase, type DatabaseHandle } from "../../src/db/client.js";
import {
  directoryGroups,
  directoryRoles,
  directoryServicePrincipals,
  directoryUserEmails,
  directoryUsers,
  groupMemberships,
  roleAssignments,
  userDepartmentHistory,
} from "../../src/db/schema.js";
import type { SyncMode } from "../../src/directory/sync-modes.js";
import { findIntegration } from "../../src/integrations/store.js";
import type { SyncRunRow } from "../../src/integrations/runs.js";
import { createLogger } from "../../src/logger.js";
import { AllocationSampler, type AllocationProfile } from "./allocation-profile.js";
import { CpuProfiler, type CpuProfile } from "./cpu-profile.js";
import { floorLookups, type FloorAnswer } from "./floor.js";
import { serveCommands } from "./ipc.js";
import { enrolDue, stormOutcome, stormProgress, type StormTenant } from "./storm-integrations.js";
import { cpuMs, maxRss, now, RssSampler } from "./measure.js";

export interface StartArgs {
  /** A PostgreSQL database, or the embedded PGlite's directory. */
  database: { url: string } | { dataDir: string };
  emulatorUrl: string;
  jwtSecret: string;
  secretsKey: string;
  /** SYNC_CONCURRENCY; default the server's. */
  syncConcurrency?: number;
  /** SYNC_REST_RATIO; default the server's. */
  syncRestRatio?: number;
  /** The scheduler's period; default 0: no scheduler, syncs start only when asked. */
  schedulerTickMs?: number;
}

export interface SyncMeasure {
  run: SyncRunRow;
  /** From the run's start to its end, as the SyncRun records them. */
  runMs: number;
  /** Wall clock around the whole call, in this process. */
  wallMs: number;
  rssBefore: number;
  /** Highest RSS sampled during the sync (20 ms period). */
  rssPeakSampled: number;
  /** The kernel's peak RSS of this process so far (maxRSS). */
  maxRss: number;
  cpuMs: number;
  /** [ms, rss MB, heap used MB, external MB] every ~500 ms of the sync. */
  memoryTimeline: [number, number, number, number][];
}

export type MirrorRows = Record<
  | "users"
  | "userEmails"
  | "departmentHistory"
  | "groups"
  | "memberships"
  | "roles"
  | "roleAssignments"
  | "servicePrincipals",
  number
>;

type MirrorTable =
  | typeof directoryUsers
  | typeof directoryUserEmails
  | typeof userDepartmentHistory
  | typeof directoryGroups
  | typeof groupMemberships
  | typeof directoryRoles
  | typeof roleAssignments
  | typeof directoryServicePrincipals;

let database: DatabaseHandle;
let app: App;
let floorSql: postgres.Sql;
let statements = 0;
let secretsKey: Buffer;
let profiler: CpuProfiler | AllocationSampler | undefined;
const rss = new RssSampler(20);
/** How late this process's event loop runs: what a sync's synchronous work costs a waiting request. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

async function measureSync(work: () => Promise<{ run: SyncRunRow; finished: Promise<SyncRunRow> }>): Promise<SyncMeasure> {
  rss.reset();
  const rssBefore = rss.sample();
  const cpuBefore = cpuMs();
  const started = now();
  const { finished } = await work();
  const run = await finished;
  const wallMs = now() - started;
  if (run.status !== "SUCCEEDED") throw new Error(`sync ${run.status}: ${JSON.stringify(run.error)}`);
  return {
    run,
    runMs: run.finishedAt!.getTime() - run.startedAt.getTime(),
    wallMs,
    rssBefore,
    rssPeakSampled: rss.peak,
    maxRss: maxRss(),
    cpuMs: cpuMs() - cpuBefore,
    memoryTimeline: rss.timeline,
  };
}

serveCommands({
  async start(args: StartArgs) {
    const config = loadConfig({
      NODE_ENV: process.env.NODE_ENV,
      AUTH_JWT_SECRET: args.jwtSecret,
      SECRETS_KEY: args.secretsKey,
      ...("url" in args.database ? { DATABASE_URL: args.database.url } : { DATA_DIR: args.database.dataDir }),
      PORT: "0",
      ENTRA_AUTHORITY_HOST: args.emulatorUrl,
      GRAPH_BASE_URL: args.emulatorUrl,
      LOG_LEVEL: "silent",
      ...(args.syncConcurrency ? { SYNC_CONCURRENCY: String(args.syncConcurrency) } : {}),
      ...(args.syncRestRatio !== undefined ? { SYNC_REST_RATIO: String(args.syncRestRatio) } : {}),
    });
    // The pools as the server lays them out from its configuration, statements counted.
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: "dataDir" in args.database ? args.database.dataDir : undefined,
      maxConnections: config.databasePoolSize,
      syncConcurrency: config.syncConcurrency,
      observe: () => void statements++,
    });
    await database.migrate();
    // Errors only (a failed sync says why on stderr); BENCH_LOG_LEVEL=info shows each run.
    const log = createLogger({ level: process.env.BENCH_LOG_LEVEL ?? "error" });
    secretsKey = Buffer.from(args.secretsKey, "base64");
    app = await startApp({ config, log, database, schedulerTickMs: args.schedulerTickMs ?? 0 });
    // The SQL floor is PostgreSQL's; the embedded database serves only the storm.
    if ("url" in args.database) {
      floorSql = postgres(args.database.url, { max: 1, onnotice: () => {} });
      await floorSql`select 1`;
    }
    return { url: app.url, rss: rss.sample(), maxRss: maxRss(), syncConcurrency: config.syncConcurrency, syncRestRatio: config.syncRestRatio };
  },

  /** Adds the tenant as an admin does; the add starts the first (FULL) sync, which is measured. */
  async connect(args: { orgId: string; tenantId: string; clientId: string; clientSecret: string }) {
    let integrationId = "";
    const measure = await measureSync(async () => {
      const { integration, firstSync } = await app.integrations.add(args.orgId, {
        name: "Bench tenant",
        tenantId: args.tenantId,
        clientId: args.clientId,
        clientSecret: args.clientSecret,
      });
      integrationId = integration.id;
      return firstSync;
    });
    return { integrationId, ...measure };
  },

  async sync(args: { integrationId: string; mode: SyncMode }) {
    const integration = await findIntegration(database.db, args.integrationId);
    if (!integration) throw new Error(`no integration ${args.integrationId}`);
    return measureSync(() => app.runner.start(integration, args.mode));
  },

  async mirrorRows(args: { integrationId: string }): Promise<MirrorRows> {
    const rows = async (table: MirrorTable) => {
      const [{ n }] = await database.db.select({ n: count() }).from(table).where(eq(table.integrationId, args.integrationId));
      return Number(n);
    };
    return {
      users: await rows(directoryUsers),
      userEmails: await rows(directoryUserEmails),
      departmentHistory: await rows(userDepartmentHistory),
      groups: await rows(directoryGroups),
      memberships: await rows(groupMemberships),
      roles: await rows(directoryRoles),
      roleAssignments: await rows(roleAssignments),
      servicePrincipals: await rows(directoryServicePrincipals),
    };
  },

  /** The storm: integrations of every tenant, all due at once, for the replicas' schedulers. */
  enrolDue(args: { orgId: string; tenants: StormTenant[] }) {
    return enrolDue(database.db, secretsKey, args.orgId, args.tenants);
  },

  // Both read where GraphQL reads: on PGlite the primary waits for every open run.
  stormProgress(args: { ids: string[] }) {
    return database.reading((db) => stormProgress(db, args.ids));
  },

  stormOutcome(args: { ids: string[] }) {
    return database.reading((db) => stormOutcome(db, args.ids));
  },

  /** The event loop's delay since the last call, in ms: p50, p99, max. */
  loopDelay() {
    const delay = { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
    loopDelay.reset();
    return delay;
  },

  resetStatements() {
    statements = 0;
    return null;
  },

  statements() {
    return statements;
  },

  resetRss() {
    rss.reset();
    return rss.peak;
  },

  rss() {
    return { peakSampled: rss.peak, current: rss.sample(), maxRss: maxRss() };
  },

  cpu() {
    return cpuMs();
  },

  /**
   * Starts a CPU profile of this process, or a sampling of its allocations (one scenario's
   * window; one at a time, the sampler slowing what the CPU profile measures).
   */
  async startProfile(kind: "cpu" | "allocations") {
    profiler = kind === "cpu" ? new CpuProfiler() : new AllocationSampler();
    await profiler.start();
    return null;
  },

  async stopProfile(): Promise<CpuProfile | AllocationProfile> {
    const profile = await profiler!.stop();
    profiler = undefined;
    return profile;
  },

  async floor(args: { orgId: string; emails: string[] }): Promise<FloorAnswer & { ms: number }> {
    const started = now();
    const answer = await floorLookups(floorSql, args.orgId, args.emails);
    return { ...answer, ms: now() - started };
  },

  async stop() {
    rss.stop();
    await floorSql?.end({ timeout: 5 });
    await app?.close();
    await database?.close();
    setImmediate(() => process.exit(0));
    return null;
  },
});
