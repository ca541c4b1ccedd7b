// The storm's load generator, alone in its process: `_entities` requests one after another to
// each replica in turn, as a load balancer would send them. Apart from the bench's process, whose
// event loop serves the emulator's Graph pages to every running sync, so that the latency
// measured is the replicas', not the time a busy emulator took to read the answer.
import type { User } from "../emulator/types.js";
import { ENTITIES_QUERY } from "./enrichment.js";
import { serveCommands } from "./ipc.js";
import { now } from "./measure.js";
import { traceBatch } from "./traces.js";

export interface ProberSetup {
  urls: string[];
  token: string;
  users: User[];
  traces: number;
  seed: number;
}

export interface Probed {
  latencies: number[];
  failed: number;
}

let setup: ProberSetup;
let sent = 0;
let probing = false;

async function enrich(): Promise<{ ms: number; ok: boolean }> {
  const url = setup.urls[sent % setup.urls.length]!;
  const batch = traceBatch(setup.users, setup.traces, setup.seed * 1_000_003 + sent++);
  const started = now();
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${setup.token}` },
    body: JSON.stringify({ query: ENTITIES_QUERY, variables: { representations: batch } }),
  });
  const body = (await response.json()) as { errors?: unknown };
  return { ms: now() - started, ok: response.ok && !body.errors };
}

async function probe(more: () => boolean): Promise<Probed> {
  const probed: Probed = { latencies: [], failed: 0 };
  while (more()) {
    const { ms, ok } = await enrich();
    probed.latencies.push(ms);
    if (!ok) probed.failed++;
  }
  return probed;
}

// The bench gone (it failed, or was interrupted), nothing is left to measure for.
process.on("disconnect", () => process.exit(0));

serveCommands({
  setup(args: ProberSetup) {
    setup = args;
    return null;
  },
  /** `requests` requests, one after another. */
  count(args: { requests: number }) {
    let left = args.requests;
    return probe(() => left-- > 0);
  },
  /** Requests one after another until `stop`. */
  start() {
    probing = true;
    return probe(() => probing);
  },
  stop() {
    probing = false;
    return null;
  },
  exit() {
    setImmediate(() => process.exit(0));
    return null;
  },
});
