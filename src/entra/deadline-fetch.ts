// Deadlines on one HTTP exchange: a connection that is accepted and never answered (a half-open
// connection through a proxy or NAT) must fail the attempt rather than hang the caller for good.
//
// Two clocks, because the two waits differ: the headers should come quickly, while a large body
// (a Graph delta page) may legitimately take longer to stream than any sane wait for headers.

export interface Deadlines {
  /** Most milliseconds from sending the request to the response's headers. */
  readonly headersMs: number;
  /** Most milliseconds from the headers to the end of the body. */
  readonly bodyMs: number;
}

/** Defaults for Microsoft Graph requests: generous next to Graph's usual seconds, short next to "forever". */
export const GRAPH_DEADLINES: Deadlines = Object.freeze({ headersMs: 60_000, bodyMs: 120_000 });

/**
 * Default for one token request (the Entra token endpoint or a managed identity endpoint), for its
 * headers and again for its body: a token answer is a couple of kilobytes, so 30 s of silence
 * means nobody is answering.
 */
export const TOKEN_DEADLINE_MS = 30_000;

/** The exchange outlived one of its deadlines; the attempt was aborted. */
export class DeadlineExceededError extends Error {
  override readonly name = "DeadlineExceededError";

  constructor(
    /** Which wait ran out. */
    readonly phase: "headers" | "body",
    readonly afterMs: number,
    readonly host: string,
  ) {
    super(`${host} sent no ${phase === "headers" ? "response" : "complete response body"} within ${seconds(afterMs)}`);
  }
}

/**
 * `fetchImpl(input, init)` under both deadlines, with the body read in full before it returns,
 * so the returned Response is in memory and reading it can no longer hang. An abort of
 * `init.signal` (shutdown) still wins: the call rejects with that signal's reason.
 */
export async function fetchWithDeadlines(
  fetchImpl: typeof fetch,
  url: URL | string,
  init: RequestInit,
  deadlines: Deadlines,
): Promise<Response> {
  const host = new URL(url).host;
  const controller = new AbortController();
  const outer = init.signal;
  const forward = () => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  outer?.addEventListener("abort", forward, { once: true });
  const expire = (phase: DeadlineExceededError["phase"], ms: number) =>
    setTimeout(() => controller.abort(new DeadlineExceededError(phase, ms, host)), ms);
  try {
    let timer = expire("headers", deadlines.headersMs);
    let response: Response;
    try {
      response = await fetchImpl(url, { ...init, signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
    timer = expire("body", deadlines.bodyMs);
    try {
      const body = NULL_BODY_STATUS.has(response.status) ? null : await response.arrayBuffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } finally {
      clearTimeout(timer);
    }
  } finally {
    outer?.removeEventListener("abort", forward);
  }
}

/** "0.2 s", "30 s": how configuration and messages speak of waits. */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

// Statuses whose Response may not carry a body (the constructor throws for them).
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);
