// The trace-enrichment scenarios: `_entities` of n Trace representations over HTTP, sent and timed
// by a client process of their own, taking turns with the floor's hand-written SQL for a batch
// drawn alike, and optionally a CPU profile of the subgraph process answering more of them (where
// its time goes: SQL, execution, GC, ...) and a sampling of what they allocate; then the SQL
// statements of traces of every kind in different mixes.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { User } from "../emulator/types.js";
import {
  ALL_KINDS,
  expectedMethods,
  identityInputs,
  linkOperations,
  mix,
  MIXES_OF_FOUR,
  PROPORTIONS,
  traceRepresentations,
  type Kind,
  type MixDirectory,
} from "../support/trace-mixes.js";
import { formatAllocations, splitAllocations, type AllocationProfile, type AllocationSplit } from "./allocation-profile.js";
import { formatCpuSplit, splitCpuProfile, type CpuProfile, type CpuSplit } from "./cpu-profile.js";
import type { EnrichAnswer, EnrichRequest } from "./enrichment-client.js";
import type { commandClient } from "./ipc.js";
import { latencies, type Latencies } from "./measure.js";
import { traceBatch } from "./traces.js";

export const ENTITIES_QUERY = /* GraphQL */ `
  query Enrich($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Trace {
        id
        user { id displayName mail jobTitle accountStatus roles { id displayName } }
        department { name }
        manager { id displayName mail }
        groups { id displayName kind }
      }
    }
  }
`;

/** Iterations measured per request size: enough for a p95, bounded in time. */
const ITERATIONS: Record<number, number> = { 1: 200, 100: 100, 1000: 60, 10000: 10 };
export const iterationsFor = (size: number) => ITERATIONS[size] ?? Math.max(5, Math.round(40_000 / Math.max(size, 100)));

export interface EnrichmentResult {
  size: number;
  iterations: number;
  ours: Latencies;
  floor: Latencies;
  /** ours p50 / floor p50 */
  ratio: number;
  /** Distinct counts of SQL statements per request seen over the iterations. */
  statements: number[];
  resolved: { ours: number; floor: number; known: number };
  responseBytes: number;
  /** Highest sampled RSS of the subgraph process while it answered this size. */
  rssPeak: number;
  rssBefore: number;
  /** With --profile-enrichment: the subgraph process's CPU split, and its allocations, while answering this size. */
  profile?: CpuSplit & {
    file: string;
    requests: number;
    /** Bytes the profiled requests allocated in all, and by category. */
    allocatedBytes: number;
    allocations: AllocationSplit["categories"];
  };
}

type Child = ReturnType<typeof commandClient>;

export interface EnrichmentRun {
  url: string;
  token: string;
  orgId: string;
  subgraph: Child;
  /** The process that sends `_entities` and times it (enrichment-client.ts). */
  client: Child;
  users: readonly User[];
  seed: number;
  /** Where CPU profiles go; none: no profile pass. */
  profileDir?: string;
}

export async function measureEnrichment(run: EnrichmentRun, size: number): Promise<EnrichmentResult> {
  const { subgraph, users, seed } = run;
  const iterations = iterationsFor(size);
  const warmup = Math.max(2, Math.round(iterations / 10));
  const ours: number[] = [];
  const floor: number[] = [];
  const statements = new Set<number>();
  let resolved = { ours: 0, floor: 0, known: 0 };
  let responseBytes = 0;
  const floorCall = (emails: string[]) => subgraph.call<{ ms: number; resolved: number }>("floor", { orgId: run.orgId, emails });
  const rssBefore = await subgraph.call<number>("resetRss");
  for (let i = 0; i < warmup + iterations; i++) {
    // Each side answers a fresh batch of its own, drawn alike, and they take turns going first.
    // On one batch the second finds the first's pages in PostgreSQL's buffers: where the mirror
    // outgrows them, the floor run second took 12-18% less time (BENCHMARKS.md).
    const batch = traceBatch(users, size, seed * 100_003 + size * 31 + i);
    const floorBatch = traceBatch(users, size, seed * 300_007 + size * 31 + i);
    const floorEmails = floorBatch.map((trace) => trace.userEmail as string);
    const oursFirst = i % 2 === 0;
    const floorAnswer = oursFirst ? undefined : await floorCall(floorEmails);
    await subgraph.call("resetStatements");
    const { elapsed, status, bytes, text } = await enrich(run, batch, i === 0);
    const sqlStatements = await subgraph.call<number>("statements");
    const floorMs = (floorAnswer ?? (await floorCall(floorEmails))).ms;
    if (i === 0) {
      // Checked once per size, outside the clock: the answer is complete and agrees with the floor
      // on the same batch.
      const sameBatch = await floorCall(batch.map((trace) => trace.userEmail as string));
      const parsed = JSON.parse(text!) as { data?: { _entities: ({ user: unknown } | null)[] }; errors?: unknown };
      if (status !== 200 || parsed.errors || parsed.data?._entities.length !== size) {
        throw new Error(`_entities of ${size} failed: ${status} ${text!.slice(0, 500)}`);
      }
      const found = parsed.data._entities.filter((entity) => entity?.user).length;
      if (found !== sameBatch.resolved) throw new Error(`_entities resolved ${found}, the floor ${sameBatch.resolved}`);
      resolved = {
        ours: found,
        floor: sameBatch.resolved,
        known: batch.filter((trace) => !trace.userEmail?.endsWith("@unknown.example")).length,
      };
      responseBytes = bytes;
    }
    if (i < warmup) continue;
    ours.push(elapsed);
    floor.push(floorMs);
    statements.add(sqlStatements);
  }
  const rss = await subgraph.call<{ peakSampled: number }>("rss");
  const oursStats = latencies(ours);
  const floorStats = latencies(floor);
  return {
    size,
    iterations,
    ours: oursStats,
    floor: floorStats,
    ratio: oursStats.p50 / floorStats.p50,
    statements: [...statements].sort((a, b) => a - b),
    resolved,
    responseBytes,
    rssPeak: rss.peakSampled,
    rssBefore,
    profile: run.profileDir ? await profileEnrichment(run, size, iterations) : undefined,
  };
}

/** `_entities` of `batch` with `query`, sent and timed by the enrichment client. */
export function enrich(run: EnrichmentRun, batch: object[], keepAnswer = false, query = ENTITIES_QUERY): Promise<EnrichAnswer> {
  const request: EnrichRequest = { url: run.url, token: run.token, body: operation(query, { representations: batch }), keepAnswer };
  return run.client.call<EnrichAnswer>("enrich", request);
}

/**
 * Passes apart from the measured one, so the profilers' own cost never reaches the figures and
 * the floor's work (it runs in the same process) never reaches the profiles: as many requests
 * again, ours only, profiled from first to last; then once more, their allocations sampled.
 */
async function profileEnrichment(run: EnrichmentRun, size: number, requests: number) {
  const batches = Array.from({ length: requests }, (_, i) => traceBatch(run.users, size, run.seed * 200_003 + size * 31 + i));
  await run.subgraph.call("startProfile", "cpu");
  for (const batch of batches) await enrich(run, batch);
  const cpu = await run.subgraph.call<CpuProfile>("stopProfile");
  // The same requests again, their allocations sampled: the sampler slows allocation, so it never
  // runs under the CPU profile.
  await run.subgraph.call("startProfile", "allocations");
  for (const batch of batches) await enrich(run, batch);
  const allocations = await run.subgraph.call<AllocationProfile>("stopProfile");
  mkdirSync(run.profileDir!, { recursive: true });
  const file = path.join(run.profileDir!, `entities-${size}.cpuprofile`);
  writeFileSync(file, JSON.stringify(cpu));
  const heapFile = path.join(run.profileDir!, `entities-${size}.heapprofile`);
  writeFileSync(heapFile, JSON.stringify(allocations));
  const split = splitCpuProfile(cpu);
  const allocated = splitAllocations(allocations);
  console.error(
    `_entities ${size}, ${requests} requests: ${formatCpuSplit(split)}\n  (open ${file} in Chrome DevTools or speedscope for the call tree)\n` +
      `${formatAllocations(allocated, requests)}\n  (open ${heapFile} in Chrome DevTools, Memory, for the allocations' call tree)`,
  );
  return { ...split, file, requests, allocatedBytes: allocated.totalBytes, allocations: allocated.categories };
}

const MIX_ENTITIES_QUERY = /* GraphQL */ `
  query EnrichMix($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Trace {
        id
        identity { method classification }
        user { id displayName mail jobTitle accountStatus roles { id displayName } }
        department { name }
        manager { id displayName mail }
        groups { id displayName kind }
      }
    }
  }
`;
const RESOLVE_QUERY = /* GraphQL */ `
  query Resolve($inputs: [IdentityInput!]!) {
    resolveIdentities(inputs: $inputs) { userId servicePrincipalId department method }
  }
`;

export interface StatementMixes {
  /** What each request held: "one of each kind", "4: ...", "10,000 mostly emails", ... */
  labels: string[];
  entities: number[];
  resolveIdentities: number[];
}

/**
 * SQL statements per request for traces of every kind (email; API key of a person, of a service
 * principal; session; nothing known) in different proportions and orders, for `_entities` and
 * `resolveIdentities`: equal counts show the statements do not depend on the mix.
 */
export async function measureStatementMixes(run: EnrichmentRun, directory: MixDirectory, adminToken: string): Promise<StatementMixes> {
  for (const [query, variables] of linkOperations(directory)) {
    const answer = (await (await post(run.url, adminToken, operation(query, variables))).json()) as { errors?: unknown };
    if (answer.errors) throw new Error(`linking for the statement mixes: ${JSON.stringify(answer.errors)}`);
  }
  const requests: [string, Kind[]][] = [
    ["one of each kind", ALL_KINDS],
    ...MIXES_OF_FOUR.map((kinds): [string, Kind[]] => [`4 (${kinds.join(", ")})`, kinds]),
    ...PROPORTIONS.map(([label, weights], seed): [string, Kind[]] => [`10,000 ${label}`, mix(10_000, weights, run.seed + seed)]),
  ];
  const result: StatementMixes = { labels: [], entities: [], resolveIdentities: [] };
  for (const [label, kinds] of requests) {
    result.labels.push(label);
    for (const field of ["entities", "resolveIdentities"] as const) {
      const request =
        field === "entities"
          ? operation(MIX_ENTITIES_QUERY, { representations: traceRepresentations(directory, kinds) })
          : operation(RESOLVE_QUERY, { inputs: identityInputs(directory, kinds) });
      await run.subgraph.call("resetStatements");
      const response = await post(run.url, run.token, request);
      const statements = await run.subgraph.call<number>("statements");
      const body = (await response.json()) as { data?: Record<string, { method?: string; identity?: { method: string } | null }[]>; errors?: unknown };
      const answers = field === "entities" ? body.data?._entities : body.data?.resolveIdentities;
      const methods = answers?.map((answer) => (field === "entities" ? answer.identity?.method : answer.method) ?? null);
      if (body.errors || JSON.stringify(methods) !== JSON.stringify(expectedMethods(directory, kinds))) {
        throw new Error(`${field} of ${label} answered wrongly: ${JSON.stringify(body).slice(0, 500)}`);
      }
      result[field].push(statements);
    }
  }
  return result;
}

const operation = (query: string, variables: object) => JSON.stringify({ query, variables });

function post(url: string, token: string, body: string) {
  return fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body,
  });
}
