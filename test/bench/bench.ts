// `npm run bench`: the identity subgraph at enterprise scale, against real PostgreSQL and the
// HTTPS Entra/Graph emulator. Prints a table and writes bench-results/latest.json.
//
// Processes: this one holds the emulator (with the generated tenant), the gateway, the traces
// subgraph and the load generator; our service runs compiled in a child (subgraph-process.ts),
// alone, so that its peak RSS is the sync's and nothing else's.
import { fork, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError } from "commander";
import postgres from "postgres";
import { mintToken } from "../../src/graphql/auth.js";
import { generateTenant } from "../emulator/generate.js";
import { startEntraEmulator } from "../emulator/server.js";
import type { Tenant } from "../emulator/tenant.js";
import { createTestCertificates } from "../emulator/tls.js";
import type { User } from "../emulator/types.js";
import { startTracesSubgraph } from "../fixtures/traces-subgraph.js";
import { measureEnrichment, measureStatementMixes, type EnrichmentResult, type StatementMixes } from "./enrichment.js";
import { measureEveryField, type EveryFieldResult } from "./every-field.js";
import { closedLoopLoad, startBenchGateway, type LoadResult } from "./gateway.js";
import { minimumGraphRequests, type GraphMinimum } from "./graph-minimum.js";
import { commandClient } from "./ipc.js";
import { cpuMs, machineCpuMs, MB, now } from "./measure.js";
import { printTable, type Row } from "./report.js";
import type { MirrorRows, StartArgs, SyncMeasure } from "./subgraph-process.js";
import { measureStorm, renderStorm } from "./storm.js";
import { memoryLimitedNode } from "./memory-limit.js";
import { formatPostgresIo, measurePostgresIo, type PostgresIo } from "./postgres-io.js";
import { changeShareOfTenant, type AppliedChanges } from "./tenant-changes.js";
import { addServicePrincipals } from "./tenant-principals.js";
import { ALL_PERMISSIONS } from "../support/connected-tenant.js";
import { MIXES_OF_FOUR, PROPORTIONS } from "../support/trace-mixes.js";
import { traceBatch } from "./traces.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const ORG = "default";

/** The gateway test's operation (test/operations/gateway.graphql); the bench runs from dist/test/bench. */
const GATEWAY_QUERY = readFileSync(path.join(here, "../../../test/operations/gateway.graphql"), "utf8");

const integer = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("a whole number");
  return n;
};

const ratio = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("a number, 0 or more");
  return n;
};

const program = new Command("bench")
  .description("Benchmarks the identity subgraph against PostgreSQL and the Entra/Graph emulator")
  .option("--users <n>", "users in the generated tenant", integer, 100_000)
  .option("--groups <n>", "groups in the tenant (default: users / 10)", integer)
  .option("--service-principals <n>", "service principals in the tenant, each with 0-3 owners (default: users / 20)", integer)
  .option("--seed <n>", "tenant and trace seed", integer, 7)
  .option("--page-size <n>", "items per Graph delta page (Graph's maximum is 999)", integer, 999)
  .option("--member-page-size <n>", "members per members@delta item before a group is split", integer, 20)
  .option("--change-share <x>", "share of users and of memberships changed before the incremental sync", Number, 0.01)
  .option("--sizes <list>", "Trace representations per _entities request", "1,100,1000,10000")
  .option("--concurrency <n>", "requests in flight through the gateway", integer, 8)
  .option("--gateway-seconds <n>", "how long the gateway load runs", integer, 15)
  .option("--database-url <url>", "PostgreSQL server (a database is created and dropped)", process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres")
  .option("--out <file>", "JSON results", "bench-results/latest.json")
  .option("--cpu-prof", "write V8 CPU profiles of the subgraph process to bench-results/profiles")
  .option("--enrichment-only", "after the full sync, only the _entities scenarios (no incremental sync, no gateway)")
  .option("--sync-only", "only the syncs (full, incremental, incremental with nothing changed): no _entities, no gateway")
  .option("--profile-enrichment", "profile the subgraph process answering each _entities size: where its CPU went, and what allocated its garbage")
  .option("--subgraph-node-options <flags>", "extra node flags for the subgraph process, e.g. \"--max-old-space-size=160\"", "")
  .option("--memory-limit <mb>", "run the subgraph process in a memory cgroup of this size, as a container with that limit (needs root)", integer)
  .option("--no-gateway", "skip the gateway scenario")
  .option("--keep-database", "keep the bench database afterwards (to inspect plans)")
  .option("--storm", "only the storm: tenants due at once on two replicas, _entities latency during it next to idle")
  .option("--storm-tenants <n>", "tenants falling due at once in the storm", integer, 30)
  .option("--storm-users <n>", "users of each storm tenant", integer, 1500)
  .option("--storm-traces <n>", "Trace representations per _entities request in the storm", integer, 100)
  .option("--storm-tick-ms <n>", "the replicas' scheduler period in the storm", integer, 2000)
  .option("--sync-concurrency <n>", "SYNC_CONCURRENCY of each replica in the storm (default: the server's)", integer)
  .option("--sync-rest-ratio <n>", "SYNC_REST_RATIO of each replica in the storm (default: the server's)", ratio)
  .option("--embedded", "the storm on the embedded database (PGlite): one replica, no DATABASE_URL");

type Options = {
  users: number;
  groups?: number;
  servicePrincipals?: number;
  seed: number;
  pageSize: number;
  memberPageSize: number;
  changeShare: number;
  sizes: string;
  concurrency: number;
  gatewaySeconds: number;
  databaseUrl: string;
  out: string;
  cpuProf?: boolean;
  enrichmentOnly?: boolean;
  syncOnly?: boolean;
  profileEnrichment?: boolean;
  subgraphNodeOptions: string;
  memoryLimit?: number;
  gateway: boolean;
  keepDatabase?: boolean;
  storm?: boolean;
  stormTenants: number;
  stormUsers: number;
  stormTraces: number;
  stormTickMs: number;
  syncConcurrency?: number;
  syncRestRatio?: number;
  embedded?: boolean;
};

async function main(): Promise<void> {
  // Node reads NODE_EXTRA_CA_CERTS only at start: make the emulator's CA, then run again trusting it.
  if (!process.env.BENCH_TLS_DIR) return reexecTrustingEmulator();
  const options = program.parse(process.argv).opts<Options>();
  const groups = options.groups ?? Math.round(options.users / 10);
  const servicePrincipals = options.servicePrincipals ?? Math.round(options.users / 20);
  const sizes = options.sizes.split(",").map((s) => integer(s.trim()));
  const benchStarted = now();
  const log = (message: string) => console.error(`[bench ${((now() - benchStarted) / 1000).toFixed(1)}s] ${message}`);

  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error) => console.error("cleanup:", error));
  };
  // Ctrl-C: still drop the bench database and stop the processes.
  let interrupted = false;
  process.on("SIGINT", () => {
    if (interrupted) return;
    interrupted = true;
    void cleanUp().finally(() => process.exit(130));
  });
  try {
    // Database: our own, dropped at the end.
    const admin = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
    const dbName = `identity_bench_${randomBytes(5).toString("hex")}`;
    await admin.unsafe(`create database ${dbName}`);
    cleanups.push(async () => {
      if (options.keepDatabase) console.error(`kept database ${dbName}`);
      else await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    });
    const dbUrl = new URL(options.databaseUrl);
    dbUrl.pathname = `/${dbName}`;
    const serverVersion = (await admin`show server_version`)[0]?.server_version as string;
    // The settings that shape a sync's writes, kept with the figures they shaped.
    const postgresSettings = Object.fromEntries(
      (await admin`select name, current_setting(name) as value from pg_settings
                    where name in ('shared_buffers', 'max_wal_size', 'synchronous_commit', 'autovacuum')`).map((row) => [row.name, row.value]),
    ) as Record<string, string>;

    const emulator = await startEntraEmulator({ pageSize: options.pageSize, memberPageSize: options.memberPageSize });
    cleanups.push(() => emulator.close());

    // Our service, alone in its process.
    const profileDir = path.resolve("bench-results/profiles");
    if (options.cpuProf) mkdirSync(profileDir, { recursive: true });
    const jwtSecret = randomBytes(32).toString("base64url");
    const embeddedDir = options.embedded ? mkdtempSync(path.join(os.tmpdir(), "entra-bench-pglite-")) : undefined;
    if (embeddedDir) cleanups.push(async () => rmSync(embeddedDir, { recursive: true, force: true }));
    const startArgs: StartArgs = {
      database: embeddedDir ? { dataDir: embeddedDir } : { url: dbUrl.toString() },
      emulatorUrl: emulator.url,
      jwtSecret,
      secretsKey: randomBytes(32).toString("base64"),
    };
    const memoryLimit = options.memoryLimit ? memoryLimitedNode(options.memoryLimit) : undefined;
    if (memoryLimit) cleanups.push(async () => memoryLimit.remove());
    const startSubgraph = async (extra: Partial<StartArgs> = {}) => {
      const child = fork(path.join(here, "subgraph-main.js"), [], {
        execPath: memoryLimit?.execPath,
        // As deployed: NODE_ENV=production (graphql-js drops its development-only checks, Apollo its tooling).
        env: { ...process.env, NODE_ENV: "production" },
        serialization: "advanced",
        execArgv: [
          ...(options.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []),
          ...options.subgraphNodeOptions.split(/\s+/).filter(Boolean),
        ],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      const client = commandClient(child);
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      // Stopped means exited: the next subgraph's RSS and a memory cgroup's removal count on it.
      const stop = async () => {
        if (child.exitCode !== null) return;
        await client.call("stop").catch(() => child.kill());
        const killLater = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(killLater);
      };
      cleanups.push(stop);
      const started = await client.call<{ url: string; rss: number; maxRss: number; syncConcurrency: number; syncRestRatio: number }>("start", { ...startArgs, ...extra });
      return { client, stop, ...started };
    };
    if (options.storm) {
      const storm = await measureStorm(
        {
          emulator,
          orgId: ORG,
          jwtSecret,
          startReplica: startSubgraph,
          startProber: () => commandClient(fork(path.join(here, "storm-prober.js"), [], { serialization: "advanced" }), "storm prober"),
          log,
        },
        {
          tenants: options.stormTenants,
          users: options.stormUsers,
          traces: options.stormTraces,
          syncConcurrency: options.syncConcurrency,
          syncRestRatio: options.syncRestRatio,
          tickMs: options.stormTickMs,
          replicas: options.embedded ? 1 : 2,
          database: options.embedded ? "PGlite" : "PostgreSQL",
          // As many as the storm sees (about 1,500 at the defaults): a p99 of 300 rests on its
          // three slowest requests, and moved the storm's ratio by a third from run to run.
          idleRequests: 1500,
          seed: options.seed,
        },
      );
      const results = { date: new Date().toISOString(), command: commandLine(), machine: describeMachine(serverVersion, postgresSettings), storm, benchSeconds: (now() - benchStarted) / 1000 };
      const dated = writeResults(results, options.out);
      console.log(renderStorm(storm));
      console.log(`\nJSON: ${options.out} and ${dated}   (bench ran ${results.benchSeconds.toFixed(0)} s)`);
      return;
    }

    // The tenant, in the emulator.
    let started = now();
    const directory = generateTenant({ seed: options.seed, users: options.users, groups });
    const generateMs = now() - started;
    const tenant = emulator.addTenant({ tenantId: randomUUID(), domains: ["contoso.onmicrosoft.com"], directory });
    const clientId = randomUUID();
    const clientSecret = `Q7~${randomUUID()}`;
    tenant.registerApp({ clientId, secret: clientSecret, permissions: ALL_PERMISSIONS });
    // An agent for the statement mixes: traces carrying a key a service principal holds.
    const agent = tenant.addServicePrincipal({ displayName: "Trace pipeline agent" });
    addServicePrincipals(tenant, servicePrincipals, options.seed);
    const tenantShape = describeTenant(tenant);
    log(`tenant generated in ${(generateMs / 1000).toFixed(1)} s: ${JSON.stringify(tenantShape)}`);

    let service = await startSubgraph();
    let subgraph = service.client;
    const subgraphStartRss = service.rss;
    log(`subgraph up at ${service.url}, RSS ${(service.rss / MB).toFixed(0)} MB`);

    // 1. Full sync.
    const fullMinimum = minimumGraphRequests(tenant, null, options.pageSize, options.memberPageSize);
    log(`full sync starting (minimum ${fullMinimum.requests} Graph requests)`);
    const fullCpu = cpuSplit();
    // PostgreSQL's counters say nothing of a sync on the embedded database.
    const measureIo = async () => (options.embedded ? async () => undefined : await measurePostgresIo(admin));
    const fullIo = await measureIo();
    const full = await subgraph.call<SyncMeasure & { integrationId: string }>("connect", {
      orgId: ORG,
      tenantId: tenant.tenantId,
      clientId,
      clientSecret,
    });
    const fullCpuUse = fullCpu.end(full.cpuMs);
    const fullPostgresIo = await fullIo();
    const rows = await subgraph.call<MirrorRows>("mirrorRows", { integrationId: full.integrationId });
    log(`full sync: ${(full.runMs / 1000).toFixed(1)} s, ${full.run.graphRequests} requests, peak RSS ${(full.maxRss / MB).toFixed(0)} MB`);

    // 2. Incremental sync after a share of users and memberships changed.
    let incrementalSync: Results["incrementalSync"];
    let quietSync: Results["quietSync"];
    if (!options.enrichmentOnly) {
      const sinceSeq = tenant.changes.length;
      started = now();
      const changes = changeShareOfTenant(tenant, options.seed + 1, options.changeShare);
      log(`changed the tenant in ${((now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(changes)}`);
      const incrementalMinimum = minimumGraphRequests(tenant, sinceSeq, options.pageSize, options.memberPageSize);
      const incrementalCpu = cpuSplit();
      const incrementalIo = await measureIo();
      const incremental = await subgraph.call<SyncMeasure>("sync", { integrationId: full.integrationId, mode: "INCREMENTAL" });
      const incrementalCpuUse = incrementalCpu.end(incremental.cpuMs);
      const incrementalPostgresIo = await incrementalIo();
      log(`incremental sync: ${(incremental.runMs / 1000).toFixed(2)} s, ${incremental.run.graphRequests} requests`);
      incrementalSync = { ...summariseSync(incremental), minimum: incrementalMinimum, changes, cpu: incrementalCpuUse, postgresIo: incrementalPostgresIo };

      // 2b. Again, with nothing changed: what a quiet 15 minutes costs.
      const quietMinimum = minimumGraphRequests(tenant, tenant.changes.length, options.pageSize, options.memberPageSize);
      const quiet = await subgraph.call<SyncMeasure>("sync", { integrationId: full.integrationId, mode: "INCREMENTAL" });
      log(`incremental sync with nothing changed: ${(quiet.runMs / 1000).toFixed(2)} s, ${quiet.run.graphRequests} requests`);
      quietSync = { ...summariseSync(quiet), minimum: quietMinimum };
    }

    const enrichment: EnrichmentResult[] = [];
    const everyField: EveryFieldResult[] = [];
    let statementMixes: StatementMixes | undefined;
    let gateway: GatewayResult | undefined;
    if (!options.syncOnly) {
      // 3. _entities against the floor, served by a process started after the syncs: what it
      // holds while answering is the request's, not a sync's heap not yet given back.
      await service.stop();
      service = await startSubgraph();
      subgraph = service.client;
      log(`serving subgraph up at ${service.url}, RSS ${(service.rss / MB).toFixed(0)} MB`);
      const token = await mintToken(jwtSecret, { org: ORG, roles: [] });
      const users = tenant.users;
      const clientProcess = fork(path.join(here, "enrichment-client.js"), [], { serialization: "advanced" });
      cleanups.push(async () => clientProcess.kill());
      const enrichmentRun = {
        url: service.url,
        token,
        orgId: ORG,
        subgraph,
        client: commandClient(clientProcess, "enrichment client"),
        users,
        seed: options.seed,
        profileDir: options.profileEnrichment ? profileDir : undefined,
      };
      for (const size of sizes) {
        enrichment.push(await measureEnrichment(enrichmentRun, size));
        const e = enrichment.at(-1)!;
        log(`_entities ${size}: p50 ${e.ours.p50.toFixed(1)} ms, floor p50 ${e.floor.p50.toFixed(1)} ms, ${e.statements.join("/")} statements`);
      }
      for (const size of sizes.filter((size) => size >= 100 && size <= 1000)) {
        everyField.push(await measureEveryField(enrichmentRun, size));
        const e = everyField.at(-1)!;
        log(`_entities ${size}, every field: p50 ${e.ours.p50.toFixed(1)} ms, ${e.statements.join("/")} statements`);
      }
      // People with managers: a person without one costs no manager statement, whatever the mix.
      const [person, other, keyHolder, sessionHolder] = users.filter((user) => user.mail && user.accountEnabled && user.managerId);
      statementMixes = await measureStatementMixes(
        enrichmentRun,
        {
          email: person!.mail!,
          otherEmail: other!.mail!,
          personKey: "bench-key-person",
          personKeyHolder: keyHolder!.id,
          agentKey: "bench-key-agent",
          agentKeyHolder: agent.id,
          session: "bench-session",
          sessionHolder: sessionHolder!.id,
        },
        await mintToken(jwtSecret, { org: ORG, roles: ["admin"] }),
      );
      log(`statements for every kind of trace, by mix: _entities ${statementMixes.entities.join("/")}, resolveIdentities ${statementMixes.resolveIdentities.join("/")}`);

      // 4. Through a gateway.
      if (options.gateway && !options.enrichmentOnly) {
        gateway = await measureGateway(service.url, token, subgraph, users, options);
        log(`gateway: ${gateway.load.requestsPerSecond.toFixed(1)} req/s, p50 ${gateway.load.p50.toFixed(1)} ms`);
      }
    }

    const results = {
      date: new Date().toISOString(),
      command: commandLine(),
      machine: describeMachine(serverVersion, postgresSettings),
      options: { ...options, groups, sizes },
      tenant: { ...tenantShape, generateMs },
      subgraphStartRss,
      fullSync: { ...summariseSync(full), minimum: fullMinimum, rows, cpu: fullCpuUse, postgresIo: fullPostgresIo },
      incrementalSync,
      quietSync,
      enrichment,
      everyField,
      statementMixes,
      gateway,
      benchSeconds: (now() - benchStarted) / 1000,
    };
    const dated = writeResults(results, options.out);
    console.log(renderResults(results));
    console.log(`\nJSON: ${options.out} and ${dated}   (bench ran ${results.benchSeconds.toFixed(0)} s)`);
  } catch (error) {
    // Ctrl-C stops the child processes too, failing whatever awaited them: that is the
    // interruption, not an error to show.
    if (!interrupted) throw error;
  } finally {
    await cleanUp();
  }
}

const commandLine = () =>
  ["npm run bench", ...(process.argv.length > 2 ? ["--"] : []), ...process.argv.slice(2).map(shellWord)].join(" ");

function describeMachine(postgresVersion: string, postgresSettings: Record<string, string>) {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryMB: Math.round(os.totalmem() / MB),
    node: process.version,
    postgres: postgresVersion,
    postgresSettings,
  };
}

/** Writes the results to `out`, and a dated copy beside it so a run with other flags does not lose the last default one; returns the copy's path. */
function writeResults(results: { date: string }, out: string): string {
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  const dated = path.join(path.dirname(out), `bench-${results.date.replace(/[:.]/g, "-")}.json`);
  writeFileSync(dated, `${JSON.stringify(results, null, 2)}\n`);
  return dated;
}

function describeTenant(tenant: Tenant) {
  const { users, groups } = tenant;
  const groupIds = new Set(groups.map((g) => g.id));
  const managerOf = new Map(users.map((u) => [u.id, u.managerId]));
  let depth = 0;
  for (const user of users) {
    let level = 1;
    for (let m = user.managerId; m; m = managerOf.get(m) ?? null) level++;
    depth = Math.max(depth, level);
  }
  return {
    users: users.length,
    groups: groups.length,
    nestedGroups: groups.filter((g) => g.members.some((m) => groupIds.has(m))).length,
    memberships: groups.reduce((sum, g) => sum + g.members.length, 0),
    managementDepth: depth,
    disabled: users.filter((u) => !u.accountEnabled).length,
    withoutMail: users.filter((u) => u.mail === null).length,
    servicePrincipals: tenant.servicePrincipals.length,
  };
}

/**
 * Who used the CPU during a window: the subgraph process (told by it), this process (the
 * emulator rendering Graph pages), and the rest of the machine (PostgreSQL, mostly), in ms.
 */
function cpuSplit() {
  const machine = machineCpuMs();
  const own = cpuMs();
  const started = now();
  return {
    end(subgraphMs: number): CpuUse {
      const wallMs = now() - started;
      const after = machineCpuMs();
      const busy = after.busy - machine.busy;
      const emulator = cpuMs() - own;
      return {
        wallMs,
        subgraphMs,
        benchProcessMs: emulator,
        restOfMachineMs: Math.max(0, busy - subgraphMs - emulator),
        idleMs: after.idle - machine.idle,
      };
    },
  };
}

interface CpuUse {
  wallMs: number;
  subgraphMs: number;
  /** The emulator serving Graph (and this process's own bookkeeping). */
  benchProcessMs: number;
  /** Everything else that ran: PostgreSQL above all. */
  restOfMachineMs: number;
  idleMs: number;
}

function summariseSync(measure: SyncMeasure) {
  const { run } = measure;
  return {
    runMs: measure.runMs,
    wallMs: measure.wallMs,
    graphRequests: run.graphRequests,
    counters: {
      usersUpserted: run.usersUpserted,
      usersRemoved: run.usersRemoved,
      groupsUpserted: run.groupsUpserted,
      groupsRemoved: run.groupsRemoved,
      membershipsChanged: run.membershipsChanged,
    },
    rssBefore: measure.rssBefore,
    rssPeakSampled: measure.rssPeakSampled,
    maxRss: measure.maxRss,
    cpuMs: measure.cpuMs,
    memoryTimeline: measure.memoryTimeline,
  };
}

interface GatewayResult {
  traces: number;
  load: LoadResult;
  /** CPU used during the load, in cores (1 = one core busy the whole time). */
  cores: { subgraph: number; benchProcess: number };
}

async function measureGateway(
  identityUrl: string,
  token: string,
  subgraph: ReturnType<typeof commandClient>,
  users: readonly User[],
  options: Options,
): Promise<GatewayResult> {
  const traces = traceBatch(users, 1000, options.seed + 2).map((trace, i) => ({
    id: trace.id,
    userEmail: trace.userEmail,
    apiKeyId: null,
    sessionId: null,
    model: i % 2 ? "gpt-4o" : "claude-sonnet",
  }));
  const tracesSubgraph = await startTracesSubgraph(traces);
  const gateway = await startBenchGateway(`${identityUrl}/graphql`, tracesSubgraph.url, token);
  try {
    const request = {
      url: gateway.url,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: GATEWAY_QUERY, variables: { first: 100 } }),
      concurrency: options.concurrency,
      check: (body: unknown) => (body as { data?: { traces?: unknown[] } }).data?.traces?.length === 100,
    };
    const warm = await closedLoopLoad({ ...request, durationMs: 2_000 });
    if (warm.errors > 0) throw new Error(`gateway warm-up: ${warm.errors} failed requests`);
    const subgraphCpu = await subgraph.call<number>("cpu");
    const ownCpu = cpuMs();
    const load = await closedLoopLoad({ ...request, durationMs: options.gatewaySeconds * 1000 });
    const wallMs = load.seconds * 1000;
    return {
      traces: 100,
      load,
      cores: {
        subgraph: ((await subgraph.call<number>("cpu")) - subgraphCpu) / wallMs,
        benchProcess: (cpuMs() - ownCpu) / wallMs,
      },
    };
  } finally {
    await gateway.close();
    await tracesSubgraph.close();
  }
}

type Results = {
  fullSync: ReturnType<typeof summariseSync> & { minimum: GraphMinimum; rows: MirrorRows; cpu: CpuUse; postgresIo?: PostgresIo };
  /** Absent with --enrichment-only. */
  incrementalSync?: ReturnType<typeof summariseSync> & { minimum: GraphMinimum; changes: AppliedChanges; cpu: CpuUse; postgresIo?: PostgresIo };
  /** The incremental sync run again at once: nothing changed. Absent with --enrichment-only. */
  quietSync?: ReturnType<typeof summariseSync> & { minimum: GraphMinimum };
  /** Empty, and no statement mixes, with --sync-only. */
  enrichment: EnrichmentResult[];
  /** Pages of 100 to 1,000 traces asking every field that reads a table of its own; empty with --sync-only. */
  everyField: EveryFieldResult[];
  statementMixes?: StatementMixes;
  gateway?: GatewayResult;
  tenant: ReturnType<typeof describeTenant>;
  options: Omit<Options, "sizes"> & { sizes: number[] };
};

function cpuLine(cpu: CpuUse): string {
  const cores = (ms: number) => (ms / cpu.wallMs).toFixed(2);
  return `${(cpu.subgraphMs / 1000).toFixed(1)} s / ${(cpu.benchProcessMs / 1000).toFixed(1)} s / ${(cpu.restOfMachineMs / 1000).toFixed(1)} s (cores busy ${cores(cpu.subgraphMs)} / ${cores(cpu.benchProcessMs)} / ${cores(cpu.restOfMachineMs)} of ${os.cpus().length})`;
}

/** The largest parts of a profile, per request: "GC 21.3 ms, ...". */
function cpuSplitLine(profile: NonNullable<EnrichmentResult["profile"]>): string {
  const busy = profile.categories.filter(({ name }) => name !== "idle" && name !== "the profiler itself");
  const shown = busy.slice(0, 6).map(({ name, ms }) => `${name} ${(ms / profile.requests).toFixed(1)} ms`);
  const rest = busy.slice(6).reduce((sum, { ms }) => sum + ms, 0);
  return [...shown, `rest ${(rest / profile.requests).toFixed(1)} ms`].join(", ");
}

/** "25.6 MB: GraphQL execution 11.9 MB, ...". */
function allocationLine(profile: NonNullable<EnrichmentResult["profile"]>): string {
  const perRequest = (bytes: number) => `${(bytes / profile.requests / 1e6).toFixed(1)} MB`;
  const parts = profile.allocations.slice(0, 5).map(({ name, bytes }) => `${name} ${perRequest(bytes)}`);
  return `${perRequest(profile.allocatedBytes)}: ${parts.join(", ")}`;
}

function renderResults(r: Results): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
  const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  const f = r.fullSync;
  const rowsWritten = Object.values(f.rows).reduce((a, b) => a + b, 0);
  const fullOverMin = f.graphRequests / f.minimum.requests - 1;
  const inc = r.incrementalSync;
  const limited = r.options.memoryLimit ? `, in a ${r.options.memoryLimit} MB memory cgroup` : "";
  const rows: Row[] = [
    ["Tenant", "users / groups (nested) / memberships / service principals", `${r.tenant.users} / ${r.tenant.groups} (${r.tenant.nestedGroups}) / ${r.tenant.memberships} / ${r.tenant.servicePrincipals}`, "", ""],
    ["", "chain depth / disabled / without mail", `${r.tenant.managementDepth} / ${r.tenant.disabled} / ${r.tenant.withoutMail}`, "", ""],
    ["Full sync", "wall time (SyncRun start to end)", s(f.runMs), "< 60 s", verdict(f.runMs < 60_000)],
    ["", "wall time per 1,000 users", ms((f.runMs / r.tenant.users) * 1000), "", ""],
    ["", "Graph requests (minimum the paging allows)", `${f.graphRequests} (${f.minimum.requests}, +${(fullOverMin * 100).toFixed(1)}%)`, "within 5%", verdict(fullOverMin <= 0.05)],
    ["", "rows written", `${rowsWritten} (users ${f.rows.users}, addresses ${f.rows.userEmails}, department history ${f.rows.departmentHistory}, groups ${f.rows.groups}, memberships ${f.rows.memberships}, roles ${f.rows.roles}, role assignments ${f.rows.roleAssignments}, service principals ${f.rows.servicePrincipals})`, "", ""],
    ["", `peak RSS of the syncing process (maxRSS)${limited}`, `${mb(f.maxRss)} (before sync ${mb(f.rssBefore)})`, "< 300 MB", verdict(f.maxRss < 300 * MB)],
    ["", "CPU: syncing process / emulator / rest (PostgreSQL)", cpuLine(f.cpu), "", ""],
  ];
  if (f.postgresIo) rows.push(["", "PostgreSQL I/O (the whole server)", formatPostgresIo(f.postgresIo), "", ""]);
  if (inc) {
    rows.push(
      ["Incremental sync", `after ${inc.changes.usersChanged} users, ${inc.changes.membershipsChanged} memberships, ${inc.changes.servicePrincipalsChanged} service principals changed`, s(inc.runMs), "< 3 s", verdict(inc.runMs < 3_000)],
      ["", "Graph requests (minimum)", `${inc.graphRequests} (${inc.minimum.requests})`, "", ""],
      ["", "CPU: syncing process / emulator / rest (PostgreSQL)", cpuLine(inc.cpu), "", ""],
    );
    if (inc.postgresIo) rows.push(["", "PostgreSQL I/O (the whole server)", formatPostgresIo(inc.postgresIo), "", ""]);
  }
  const quiet = r.quietSync;
  if (quiet) {
    rows.push(["Incremental, nothing changed", "wall time; Graph requests (minimum: one per resource read)", `${s(quiet.runMs)}; ${quiet.graphRequests} (${quiet.minimum.requests})`, "minimum", verdict(quiet.graphRequests <= quiet.minimum.requests)]);
  }
  const one = r.enrichment.find((e) => e.size === 1);
  for (const e of r.enrichment) {
    const label = `_entities ${e.size}`;
    const statements = e.statements.join("/");
    rows.push([label, `p50 / p95 (n=${e.iterations})`, `${ms(e.ours.p50)} / ${ms(e.ours.p95)}`, e.size === 1000 ? "p50 < 50 ms" : "", e.size === 1000 ? verdict(e.ours.p50 < 50) : ""]);
    const ratioTarget = e.size === 100 || e.size === 1000;
    rows.push(["", "floor p50 / p95; ours / floor (p50)", `${ms(e.floor.p50)} / ${ms(e.floor.p95)}; ${e.ratio.toFixed(2)}x`, ratioTarget ? "<= 2x" : "", ratioTarget ? verdict(e.ratio <= 2) : ""]);
    // A single trace costs fewer statements when its person is unknown or has no manager: compare the most.
    const sameAsOne = one ? Math.max(...e.statements) === Math.max(...one.statements) : true;
    rows.push(["", "SQL statements per request (seen)", statements, e.size === 1000 ? "most same as for 1" : "", e.size === 1000 ? verdict(sameAsOne) : ""]);
    if (e.size >= 10_000) {
      rows.push(["", `answered; peak RSS while answering${limited}`, `${e.resolved.ours}/${e.size} resolved, as the floor (${(e.responseBytes / MB).toFixed(1)} MB JSON); ${mb(e.rssPeak)} (before ${mb(e.rssBefore)})`, "answered; RSS < 300 MB", verdict(e.resolved.ours === e.resolved.floor && e.rssPeak < 300 * MB)]);
    }
    if (e.profile) {
      rows.push(["", `CPU per request, by what ran (${e.profile.requests} profiled)`, cpuSplitLine(e.profile), "", ""]);
      rows.push(["", "allocated per request, by what allocated it", allocationLine(e.profile), "", ""]);
    }
  }
  for (const e of r.everyField) {
    rows.push([`_entities ${e.size}, every field`, `p50 / p95 (n=${e.iterations}); no floor`, `${ms(e.ours.p50)} / ${ms(e.ours.p95)}`, "", ""]);
    rows.push(["", "SQL statements per request (seen)", e.statements.join("/"), "", ""]);
  }
  const mixes = r.statementMixes;
  const same = (counts: number[]) => counts.every((count) => count === counts[0]);
  if (mixes) {
    rows.push([
      "Statements by mix",
      `every kind of trace: 1 each; 4 (${MIXES_OF_FOUR.length} orders); 10,000 (${PROPORTIONS.length} proportions)`,
      `_entities ${mixes.entities.join("/")}; resolveIdentities ${mixes.resolveIdentities.join("/")}`,
      "equal whatever the mix",
      verdict(same(mixes.entities) && same(mixes.resolveIdentities)),
    ]);
  }
  if (r.gateway) {
    const g = r.gateway;
    rows.push(["Gateway, 100 traces", `requests/s at concurrency ${g.load.concurrency} (${g.load.seconds.toFixed(0)} s)`, `${g.load.requestsPerSecond.toFixed(1)} (${g.load.requests} requests, ${g.load.errors} errors)`, "", ""]);
    rows.push(["", "p50 / p95", `${ms(g.load.p50)} / ${ms(g.load.p95)}`, "", ""]);
    rows.push(["", "CPU cores busy: subgraph / gateway+traces+client", `${g.cores.subgraph.toFixed(2)} / ${g.cores.benchProcess.toFixed(2)}`, "", ""]);
  }
  return printTable(["scenario", "figure", "measured", "target", "status"], rows);
}

const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`);

/** Makes the emulator's certificates and runs this script again with Node trusting their CA. */
async function reexecTrustingEmulator(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "entra-bench-tls-"));
  const { caPath } = createTestCertificates(dir);
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath, ENTRA_EMULATOR_TLS_DIR: dir, BENCH_TLS_DIR: dir },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  const code = await new Promise<number>((resolve) => child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = code;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
