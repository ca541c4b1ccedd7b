// Where a process's allocations come from: V8's sampling heap profiler, run through the
// inspector for a window (one scenario) and counting objects the collector has already freed,
// so the total is what the window allocated, not what it left alive. Garbage collection is the
// largest part of trace enrichment's CPU, and this says who makes the garbage.
import { Session } from "node:inspector/promises";
import { categoryOf } from "./cpu-profile.js";

/** The parts of a sampling heap profile (.heapprofile, as Chrome DevTools opens it) read here. */
export interface AllocationProfile {
  head: AllocationNode;
}

interface AllocationNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: AllocationNode[];
}

/** Samples this process's allocations between `start()` and `stop()`. */
export class AllocationSampler {
  readonly #session = new Session();

  async start(): Promise<void> {
    this.#session.connect();
    await this.#session.post("HeapProfiler.enable");
    await this.#session.post("HeapProfiler.startSampling", {
      // One sample per 16 KB on average: cheap, and thousands of samples per request of 1,000 traces.
      samplingInterval: 16_384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }

  async stop(): Promise<AllocationProfile> {
    const { profile } = await this.#session.post("HeapProfiler.stopSampling");
    await this.#session.post("HeapProfiler.disable");
    this.#session.disconnect();
    return profile as AllocationProfile;
  }
}

export interface AllocationSplit {
  /** Bytes allocated in the window, estimated from the samples. */
  totalBytes: number;
  /** Bytes per category (cpu-profile.ts's), largest first. */
  categories: { name: string; bytes: number }[];
  /** The functions that allocated most, with their line: generated code has no file to name. */
  topFunctions: { name: string; bytes: number }[];
}

export function splitAllocations(profile: AllocationProfile, topN = 12): AllocationSplit {
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, bytes: number) => map.set(key, (map.get(key) ?? 0) + bytes);
  let totalBytes = 0;
  const walk = (node: AllocationNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    if (node.selfSize > 0) {
      totalBytes += node.selfSize;
      add(byCategory, categoryOf(url, functionName), node.selfSize);
      const where = url ? ` ${url.replace(/^.*\/(node_modules|dist)\//, "")}` : "";
      add(byFunction, `${functionName || "(anonymous)"}${where}:${lineNumber + 1}`, node.selfSize);
    }
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  const largest = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).map(([name, bytes]) => ({ name, bytes }));
  return { totalBytes, categories: largest(byCategory), topFunctions: largest(byFunction).slice(0, topN) };
}

/** The split per request, as lines of text: `    7.80 MB  Trace__fieldgroupsMapHandler:465`. */
export function formatAllocations(split: AllocationSplit, requests: number): string {
  const line = (bytes: number, name: string) => `  ${(bytes / requests / 1e6).toFixed(2).padStart(8)} MB  ${name}`;
  return [
    `allocated per request: ${(split.totalBytes / requests / 1e6).toFixed(1)} MB, by what allocated it`,
    ...split.categories.map(({ name, bytes }) => line(bytes, name)),
    "  functions allocating most:",
    ...split.topFunctions.map(({ name, bytes }) => line(bytes, name)),
  ].join("\n");
}
