// The client that times `_entities`, alone in its process. The bench's own process holds the
// emulated tenant (about 180 MB live for 100,000 users), and while it answered requests its
// collector ran a full marking every second or so, in steps of up to 38 ms: a step that fell
// between sending a request and reading its answer counted in ours' latency, never in the floor's,
// which the subgraph process times itself (BENCHMARKS.md). Here the heap is a request and its
// answer.
import { serveCommands } from "./ipc.js";
import { now } from "./measure.js";

export interface EnrichRequest {
  url: string;
  token: string;
  /** The operation, as sent. */
  body: string;
  /** Whether to hand the answer back (to check it): its text travels over IPC, outside the clock. */
  keepAnswer: boolean;
}

export interface EnrichAnswer {
  /** From sending the request to having read the whole answer. */
  elapsed: number;
  status: number;
  bytes: number;
  text?: string;
}

process.on("disconnect", () => process.exit(0));

serveCommands({
  async enrich({ url, token, body, keepAnswer }: EnrichRequest): Promise<EnrichAnswer> {
    const sent = now();
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body,
    });
    const text = await response.text();
    const elapsed = now() - sent;
    return { elapsed, status: response.status, bytes: text.length, text: keepAnswer ? text : undefined };
  },
});
