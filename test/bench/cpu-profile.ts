// Where a process's CPU time goes: V8 CPU profiles taken through the inspector for a window (one
// scenario), and their self time split by what ran it (SQL driver, GraphQL execution, our
// resolvers and loaders, serialisation, garbage collection, ...).
import { Session } from "node:inspector/promises";

/** The parts of a V8 CPU profile (.cpuprofile, as Chrome DevTools opens it) read here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Profiles this process between `start()` and `stop()`. */
export class CpuProfiler {
  readonly #session = new Session();

  async start(): Promise<void> {
    this.#session.connect();
    await this.#session.post("Profiler.enable");
    // 100 µs between samples: fine enough for requests of a few milliseconds.
    await this.#session.post("Profiler.setSamplingInterval", { interval: 100 });
    await this.#session.post("Profiler.start");
  }

  async stop(): Promise<CpuProfile> {
    const { profile } = await this.#session.post("Profiler.stop");
    await this.#session.post("Profiler.disable");
    this.#session.disconnect();
    return profile as CpuProfile;
  }
}

/**
 * What ran, in the order a frame is matched: the first category whose test accepts the frame's
 * script (or function name, for V8's own entries) takes its self time.
 */
const CATEGORIES: [name: string, test: (url: string, fn: string) => boolean][] = [
  ["garbage collection", (_url, fn) => fn === "(garbage collector)"],
  ["idle", (_url, fn) => fn === "(idle)"],
  // JSON.stringify is a builtin: its time shows as its caller's self time (the server's
  // stringifyResult, Apollo Server's own prettyJSONStringify before it).
  ["serialisation (JSON.stringify)", (_url, fn) => fn === "stringifyResult" || fn === "prettyJSONStringify" || fn === "stringify"],
  ["SQL driver (postgres.js, drizzle)", (url) => /node_modules\/(postgres|drizzle-orm|@electric-sql)\//.test(url)],
  // graphql-jit's compiled queries are scripts without a URL, their functions named for fields.
  [
    "GraphQL execution (graphql-js, graphql-jit)",
    (url, fn) => /node_modules\/(graphql|graphql-jit)\//.test(url) || (url === "" && /Handler|Resolver|__context/.test(fn)),
  ],
  ["type-graphql", (url) => url.includes("node_modules/type-graphql/")],
  ["Apollo Server, federation", (url) => /node_modules\/@apollo\//.test(url)],
  ["DataLoader", (url) => url.includes("node_modules/dataloader/")],
  [
    "HTTP and sockets (fastify, node:http, net)",
    (url, fn) =>
      /node_modules\/(fastify|@fastify|@as-integrations|find-my-way|light-my-request|secure-json-parse)\/|node:_http|node:net|node:internal\/stream_base/.test(url) ||
      (url === "" && /^(writeBuffer|writev|writeUtf8String|writeLatin1String)$/.test(fn)),
  ],
  ["our resolvers and loaders", (url) => /\/dist\/src\//.test(url)],
  // Starting and stopping the profile (Node 20 names it dispatch, Node 24 node:inspector's post).
  ["the profiler itself", (url, fn) => fn === "dispatch" || url === "node:inspector"],
  ["other dependencies", (url) => url.includes("node_modules/")],
  ["Node.js internals", (url, fn) => url.startsWith("node:") || (url === "" && /Slice$/.test(fn))],
  ["V8 builtins and runtime", () => true],
];

/** What ran a frame: the first category whose test accepts its script (or function name). */
export function categoryOf(url: string, functionName: string): string {
  return CATEGORIES.find(([, test]) => test(url, functionName))![0];
}

export interface CpuSplit {
  /** Profiled wall time, ms. */
  totalMs: number;
  /** Self time per category, ms, largest first. */
  categories: { name: string; ms: number; share: number }[];
  /** The functions with the most self time, for a first look before opening the profile. */
  topFunctions: { name: string; ms: number }[];
}

export function splitCpuProfile(profile: CpuProfile, topN = 15): CpuSplit {
  const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url } = nodeById.get(id)!.callFrame;
    const category = categoryOf(url, functionName);
    byCategory.set(category, (byCategory.get(category) ?? 0) + us);
    const where = url ? `${url.replace(/^.*\/(node_modules|dist)\//, "")}` : "";
    const name = `${functionName || "(anonymous)"}${where ? ` ${where}` : ""}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const totalUs = profile.endTime - profile.startTime;
  return {
    totalMs: totalUs / 1000,
    categories: [...byCategory]
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / totalUs })),
    topFunctions: [...byFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, topN)
      .map(([name, us]) => ({ name, ms: us / 1000 })),
  };
}

/** The split as lines of text: `  42.1%  812.3 ms  GraphQL execution`. */
export function formatCpuSplit(split: CpuSplit): string {
  const line = (share: number | null, ms: number, name: string) =>
    `  ${share === null ? "      " : `${(share * 100).toFixed(1).padStart(5)}%`} ${ms.toFixed(1).padStart(9)} ms  ${name}`;
  return [
    `CPU profile, ${split.totalMs.toFixed(0)} ms: self time by what ran it`,
    ...split.categories.map(({ name, ms, share }) => line(share, ms, name)),
    "  functions with the most self time:",
    ...split.topFunctions.map(({ name, ms }) => line(null, ms, name)),
  ].join("\n");
}
