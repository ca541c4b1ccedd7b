// The storm (`npm run bench -- --storm`): tens of tenants fall due at once on two replicas, each
// running at most SYNC_CONCURRENCY syncs, while trace enrichment (`_entities`) is measured next to
// its idle value. Goal: p99 during the storm within 2x of idle, and every tenant synced. With
// --embedded, the same on PGlite with its one replica: reads answer while the syncs run.
import { randomUUID } from "node:crypto";
import { mintToken } from "../../src/graphql/auth.js";
import { generateTenant } from "../emulator/generate.js";
import type { EntraEmulator } from "../emulator/server.js";
import type { Tenant } from "../emulator/tenant.js";
import type { commandClient } from "./ipc.js";
import { latencies, now, percentile, type Latencies } from "./measure.js";
import { printTable, type Row } from "./report.js";
import type { StormOutcome, StormProgress, StormTenant } from "./storm-integrations.js";
import type { ProberSetup, Probed } from "./storm-prober.js";
import type { StartArgs, SyncMeasure } from "./subgraph-process.js";

export interface StormOptions {
  tenants: number;
  users: number;
  /** Trace representations per `_entities` request. */
  traces: number;
  /** SYNC_CONCURRENCY; default the server's. */
  syncConcurrency?: number;
  /** SYNC_REST_RATIO; default the server's. */
  syncRestRatio?: number;
  /** Replicas of our service on one database: 1 on the embedded PGlite, which admits one process. */
  replicas: number;
  database: "PostgreSQL" | "PGlite";
  /** The replicas' scheduler period. */
  tickMs: number;
  /** Requests measured idle, before the storm, and again after it. */
  idleRequests: number;
  seed: number;
}

export interface Replica {
  client: ReturnType<typeof commandClient>;
  url: string;
  /** The SYNC_CONCURRENCY it runs with. */
  syncConcurrency: number;
  /** The SYNC_REST_RATIO it runs with. */
  syncRestRatio: number;
}

export interface StormRun {
  emulator: EntraEmulator;
  orgId: string;
  jwtSecret: string;
  /** Starts one replica process of our service on the bench database. */
  startReplica(args: Partial<StartArgs>): Promise<Replica>;
  /** Starts the load generator's process (storm-prober.ts). */
  startProber(): ReturnType<typeof commandClient>;
  log(message: string): void;
}

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

export interface StormResult {
  options: StormOptions;
  idle: Latencies & { p99: number };
  storm: Latencies & { p99: number };
  /** Once every tenant is synced and the syncs are over: the reads on the mirror the storm left, every tenant in it. */
  after: Latencies & { p99: number };
  /** storm p99 / idle p99 */
  p99Ratio: number;
  /** From the tenants falling due to the last one synced. */
  stormMs: number;
  /** Most runs RUNNING at once over both replicas (sampled every 200 ms). */
  mostRunning: number;
  /** The replicas' event loop delay idle and during the storm (ms): how long a request waits behind a sync's synchronous work. */
  loopDelay: { idle: LoopDelay[]; storm: LoopDelay[] };
  /** Replicas × SYNC_CONCURRENCY. */
  runningLimit: number;
  /** The replicas' SYNC_CONCURRENCY. */
  syncConcurrency: number;
  /** The replicas' SYNC_REST_RATIO. */
  syncRestRatio: number;
  /** Tenants whose latest run SUCCEEDED with every person mirrored. */
  synced: number;
  failedRequests: number;
}

/** Longest the storm may take before the bench gives up on it. */
const STORM_LIMIT_MS = 20 * 60_000;

export async function measureStorm(run: StormRun, options: StormOptions): Promise<StormResult> {
  const { emulator, orgId, log } = run;
  const reader = addCompany(emulator, "reader", options.seed, options.users);
  const companies = Array.from({ length: options.tenants }, (_, i) => addCompany(emulator, `storm-${i}`, options.seed + 1 + i, options.users));
  log(`storm: ${options.tenants} tenants of ${options.users} users, and one more to read traces against`);

  const replicaArgs = { syncConcurrency: options.syncConcurrency, syncRestRatio: options.syncRestRatio, schedulerTickMs: options.tickMs };
  const first = await run.startReplica(replicaArgs);
  const connected = await first.client.call<SyncMeasure & { integrationId: string }>("connect", { orgId, ...reader.credentials });
  log(`reader tenant synced in ${(connected.runMs / 1000).toFixed(1)} s`);
  const replicas = [first];
  while (replicas.length < options.replicas) replicas.push(await run.startReplica(replicaArgs));

  const prober = run.startProber();
  await prober.call("setup", {
    urls: replicas.map((replica) => replica.url),
    token: await mintToken(run.jwtSecret, { org: orgId, roles: [] }),
    users: reader.tenant.users,
    traces: options.traces,
    seed: options.seed,
  } satisfies ProberSetup);
  const loopDelays = () => Promise.all(replicas.map((replica) => replica.client.call<LoopDelay>("loopDelay")));
  await prober.call("count", { requests: 20 });
  await loopDelays();
  const idle = await prober.call<Probed>("count", { requests: options.idleRequests });
  const idleLoop = await loopDelays();
  log(`idle: p50 ${percentile(idle.latencies, 0.5).toFixed(1)} ms, p99 ${percentile(idle.latencies, 0.99).toFixed(1)} ms over ${idle.latencies.length} requests`);

  const ids = await first.client.call<string[]>("enrolDue", { orgId, tenants: companies.map((company) => company.credentials) });
  const stormStarted = now();
  let mostRunning = 0;
  const probing = prober.call<Probed>("start");
  try {
    for (;;) {
      const state = await first.client.call<StormProgress>("stormProgress", { ids });
      mostRunning = Math.max(mostRunning, state.running);
      if (state.synced === ids.length) break;
      if (now() - stormStarted > STORM_LIMIT_MS) throw new Error(`storm: ${state.synced}/${ids.length} synced after ${STORM_LIMIT_MS / 60_000} min`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await prober.call("stop");
  }
  const storm = await probing;
  const stormMs = now() - stormStarted;
  const stormLoop = await loopDelays();
  log(`storm: ${ids.length} tenants synced in ${(stormMs / 1000).toFixed(1)} s, at most ${mostRunning} running at once`);

  const after = await prober.call<Probed>("count", { requests: options.idleRequests });
  log(`after: p50 ${percentile(after.latencies, 0.5).toFixed(1)} ms, p99 ${percentile(after.latencies, 0.99).toFixed(1)} ms over ${after.latencies.length} requests`);
  const outcome = await first.client.call<StormOutcome[]>("stormOutcome", { ids });
  const usersOf = new Map(ids.map((id, i) => [id, companies[i]!.tenant.users.length]));
  const synced = outcome.filter((integration) => integration.lastRun === "SUCCEEDED" && integration.users === usersOf.get(integration.id)).length;
  for (const replica of replicas) await replica.client.call("stop").catch(() => undefined);
  await prober.call("exit");

  const idleStats = { ...latencies(idle.latencies), p99: percentile(idle.latencies, 0.99) };
  const stormStats = { ...latencies(storm.latencies), p99: percentile(storm.latencies, 0.99) };
  const afterStats = { ...latencies(after.latencies), p99: percentile(after.latencies, 0.99) };
  return {
    options,
    idle: idleStats,
    storm: stormStats,
    after: afterStats,
    p99Ratio: stormStats.p99 / idleStats.p99,
    stormMs,
    mostRunning,
    loopDelay: { idle: idleLoop, storm: stormLoop },
    runningLimit: replicas.length * first.syncConcurrency,
    syncConcurrency: first.syncConcurrency,
    syncRestRatio: first.syncRestRatio,
    synced,
    failedRequests: idle.failed + storm.failed + after.failed,
  };
}

function addCompany(emulator: EntraEmulator, name: string, seed: number, users: number): { tenant: Tenant; credentials: StormTenant } {
  const tenant = emulator.addTenant({
    tenantId: randomUUID(),
    domains: [`${name}.onmicrosoft.com`],
    directory: generateTenant({ seed, users, groups: Math.round(users / 10) }),
  });
  const clientId = randomUUID();
  const clientSecret = `Q7~${randomUUID()}`;
  tenant.registerApp({ clientId, secret: clientSecret, permissions: ["User.Read.All", "Group.Read.All", "Directory.Read.All"] });
  return { tenant, credentials: { name, tenantId: tenant.tenantId, clientId, clientSecret } };
}

export function renderStorm(r: StormResult): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  const loops = (delays: LoopDelay[]) => delays.map((d) => `${ms(d.p99)} (${ms(d.max)})`).join(", ");
  const o = r.options;
  const rows: Row[] = [
    ["Storm", "tenants due at once x users; replicas x SYNC_CONCURRENCY; SYNC_REST_RATIO", `${o.tenants} x ${o.users}; ${o.replicas} x ${r.syncConcurrency} on ${o.database}; ${r.syncRestRatio} (scheduler every ${o.tickMs / 1000} s)`, "", ""],
    ["", `_entities of ${o.traces} idle: p50 / p95 / p99 (n=${r.idle.samples})`, `${ms(r.idle.p50)} / ${ms(r.idle.p95)} / ${ms(r.idle.p99)}`, "", ""],
    ["", `_entities of ${o.traces} during the storm: p50 / p95 / p99 (n=${r.storm.samples})`, `${ms(r.storm.p50)} / ${ms(r.storm.p95)} / ${ms(r.storm.p99)}`, "", ""],
    ["", `_entities of ${o.traces} after the storm: p50 / p95 / p99 (n=${r.after.samples})`, `${ms(r.after.p50)} / ${ms(r.after.p95)} / ${ms(r.after.p99)}`, "", ""],
    ["", "p99 during the storm / idle", `${r.p99Ratio.toFixed(2)}x`, "<= 2x", verdict(r.p99Ratio <= 2)],
    ["", "most runs RUNNING at once (all replicas)", `${r.mostRunning} (limit ${r.runningLimit})`, `<= ${r.runningLimit}`, verdict(r.mostRunning <= r.runningLimit)],
    ["", "tenants synced, every person mirrored; storm length", `${r.synced}/${o.tenants}; ${(r.stormMs / 1000).toFixed(1)} s`, "all", verdict(r.synced === o.tenants)],
    ["", "replicas' event loop delay p99 (max): idle; storm", `${loops(r.loopDelay.idle)}; ${loops(r.loopDelay.storm)}`, "", ""],
    ["", "failed _entities requests", String(r.failedRequests), "0", verdict(r.failedRequests === 0)],
  ];
  return printTable(["scenario", "figure", "measured", "target", "status"], rows);
}
