// The gateway scenario's parts: a federation gateway composed from our running subgraph's SDL
// and the fixture traces subgraph (as a supergraph build would), and a closed-loop load
// generator holding a fixed number of requests in flight.
import { startGateway } from "../support/gateway.js";
import { latencies, now, type Latencies } from "./measure.js";

/** The gateway composed from our running subgraph's live SDL, as a supergraph build would. */
export async function startBenchGateway(
  identityUrl: string,
  tracesUrl: string,
  token: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const response = await fetch(identityUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "{ _service { sdl } }" }),
  });
  const { data } = (await response.json()) as { data: { _service: { sdl: string } } };
  return startGateway(identityUrl, tracesUrl, data._service.sdl);
}

export interface LoadResult extends Latencies {
  concurrency: number;
  seconds: number;
  requests: number;
  errors: number;
  requestsPerSecond: number;
}

/** Keeps `concurrency` requests in flight for `durationMs`; each answer must be data without errors. */
export async function closedLoopLoad(options: {
  url: string;
  headers: Record<string, string>;
  body: string;
  concurrency: number;
  durationMs: number;
  check?: (body: unknown) => boolean;
}): Promise<LoadResult> {
  const times: number[] = [];
  let errors = 0;
  const started = now();
  const deadline = started + options.durationMs;
  const client = async () => {
    while (now() < deadline) {
      const sent = now();
      try {
        const response = await fetch(options.url, { method: "POST", headers: options.headers, body: options.body });
        const body = (await response.json()) as { errors?: unknown };
        if (!response.ok || body.errors || (options.check && !options.check(body))) errors++;
      } catch {
        errors++;
      }
      times.push(now() - sent);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const seconds = (now() - started) / 1000;
  return {
    concurrency: options.concurrency,
    seconds,
    requests: times.length,
    errors,
    requestsPerSecond: times.length / seconds,
    ...latencies(times),
  };
}
