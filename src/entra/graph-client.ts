// A small Microsoft Graph client on fetch: JSON GETs (and the POST of a `$batch` of them),
// @odata.nextLink paging, and the retries Graph asks for (429/503/504 with Retry-After, dropped
// connections, answers that never come).
//
// Security: it sends the bearer token only to the configured Graph origin. A nextLink or
// deltaLink is data from the network (and later from our database); one pointing elsewhere is
// refused rather than followed with a tenant's token.
import { setTimeout as delay } from "node:timers/promises";
import { DeadlineExceededError, fetchWithDeadlines, GRAPH_DEADLINES, type Deadlines } from "./deadline-fetch.js";

export interface GraphClientOptions {
  /** Graph origin from configuration, e.g. `https://graph.microsoft.com`. */
  readonly baseUrl: string;
  /**
   * A valid access token, called per request. With `fresh`, one the endpoint issues anew: asked
   * after a 401, and after the first 403 the client meets, since a token cached from before an
   * admin granted consent lacks the permissions it granted for the rest of its hour. (A managed
   * identity's endpoint keeps its own cache, which msal cannot skip: there a grant shows once the
   * endpoint issues a new token.)
   */
  readonly token: (fresh: boolean) => Promise<string>;
  /** Retries of one request after throttling or a network failure; default 6. */
  readonly maxRetries?: number;
  /** Upper bound on any single wait, whatever Retry-After says; default 60 s. */
  readonly maxRetryDelayMs?: number;
  /** "Low" marks background sync so Graph throttles it before interactive traffic. */
  readonly priority?: "Low";
  /**
   * How long one attempt may wait for headers, then for the body; past either it is retried like
   * a dropped connection. Default: GRAPH_DEADLINES (60 s, 120 s).
   */
  readonly deadlines?: Deadlines;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told of every attempt (metrics): its HTTP status (0: no response) and whether it is retried. */
  readonly onAttempt?: (status: number, retrying: boolean) => void;
  /**
   * Told of every request inside a JSON batch that Graph answered with a retryable status (429,
   * 503, 504) and that is sent again: the batch itself succeeded, so onAttempt saw a 200.
   */
  readonly onBatchedRetry?: (status: number) => void;
  /** Aborts requests and waits (shutdown): the pending call rejects with the signal's reason, unretried. */
  readonly signal?: AbortSignal;
}

/** One page of a Graph collection, as returned: items plus the link to follow or to keep. */
export interface GraphPage<T> {
  readonly value: T[];
  readonly "@odata.nextLink"?: string;
  readonly "@odata.deltaLink"?: string;
}

/** A Graph request that failed for good (after any retries). */
export class GraphError extends Error {
  override readonly name = "GraphError";

  constructor(
    message: string,
    /** HTTP status; 0 when no response arrived or the request was refused locally. */
    readonly status: number,
    /**
     * Graph's `error.code` (e.g. Authorization_RequestDenied, syncStateNotFound, resyncRequired),
     * or ours: networkError (no connection), timeout (no answer in time), untrustedLink.
     */
    readonly code: string,
    /** Whether trying again later may succeed (throttling, unavailability, network). */
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

// Graph's answers that mean "try again later" (https://learn.microsoft.com/graph/throttling).
const RETRYABLE_STATUS = new Set([429, 503, 504]);
const BACKOFF_BASE_MS = 500;

export class GraphClient {
  readonly #baseUrl: string;
  readonly #origin: string;
  readonly #token: (fresh: boolean) => Promise<string>;
  readonly #maxRetries: number;
  readonly #maxRetryDelayMs: number;
  readonly #priority: "Low" | undefined;
  readonly #deadlines: Deadlines;
  readonly #fetch: typeof fetch;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #onAttempt: (status: number, retrying: boolean) => void;
  readonly #onBatchedRetry: (status: number) => void;
  readonly #signal: AbortSignal | undefined;
  #requestCount = 0;
  /** The token asked for anew after the first 403, shared by every request refused meanwhile. */
  #renewedAfterDenial: Promise<string | undefined> | undefined;

  constructor(options: GraphClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#origin = new URL(this.#baseUrl).origin;
    this.#token = options.token;
    this.#maxRetries = options.maxRetries ?? 6;
    this.#maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
    this.#priority = options.priority;
    this.#deadlines = options.deadlines ?? GRAPH_DEADLINES;
    this.#fetch = options.fetch ?? fetch;
    this.#signal = options.signal;
    this.#sleep = options.sleep ?? ((ms) => delay(ms, undefined, { signal: this.#signal }));
    this.#onAttempt = options.onAttempt ?? (() => {});
    this.#onBatchedRetry = options.onBatchedRetry ?? (() => {});
  }

  /** HTTP attempts made, retries included (a sync run reports it as graphRequests). */
  get requestCount(): number {
    return this.#requestCount;
  }

  /** Every page of a collection, following `@odata.nextLink` exactly as given. */
  async *pages<T>(pathOrUrl: string): AsyncGenerator<GraphPage<T>> {
    let next: string | undefined = pathOrUrl;
    while (next !== undefined) {
      const page: GraphPage<T> = await this.getJson<GraphPage<T>>(next);
      yield page;
      next = page["@odata.nextLink"];
    }
  }

  /** GET a path under the base URL (`/v1.0/users?...`) or an absolute link on the same origin. */
  getJson<T>(pathOrUrl: string): Promise<T> {
    return this.#send<T>(pathOrUrl);
  }

  /** POST a JSON body to a path under the base URL (a read that takes a body, as `$batch`), retried as a GET is. */
  postJson<T>(path: string, body: unknown): Promise<T> {
    return this.#send<T>(path, JSON.stringify(body));
  }

  /**
   * Waits before sending again what Graph answered, inside another answer (a batch), with these
   * statuses: the longest Retry-After given, else the backoff of retry number `retry`, bounded as
   * a request's own retries are. Each is told to onBatchedRetry.
   */
  async waitToRetry(answers: readonly { status: number; retryAfter: string | null }[], retry: number): Promise<void> {
    for (const answer of answers) this.#onBatchedRetry(answer.status);
    const asked = answers.map((answer) => parseRetryAfter(answer.retryAfter)).filter((ms) => ms !== undefined);
    await this.#sleep(asked.length === 0 ? this.#backoff(retry) : Math.min(Math.max(...asked), this.#maxRetryDelayMs));
    this.#signal?.throwIfAborted();
  }

  /** Retries one request may have, for callers that retry parts of an answer themselves. */
  get maxRetries(): number {
    return this.#maxRetries;
  }

  /** An absolute link as a path under the base URL, refused when it points elsewhere. */
  pathOf(link: string): string {
    const url = this.#resolve(link);
    return `${url.pathname}${url.search}`;
  }

  async #send<T>(pathOrUrl: string, body?: string): Promise<T> {
    const url = this.#resolve(pathOrUrl);
    let token = await this.#token(false);
    let tokenRefreshed = false;
    let denialRetried = false;
    let retries = 0;
    for (;;) {
      this.#signal?.throwIfAborted();
      this.#requestCount++;
      let response: Response;
      try {
        response = await fetchWithDeadlines(
          this.#fetch,
          url,
          body === undefined
            ? { headers: this.#headers(token), signal: this.#signal }
            : { method: "POST", body, headers: { ...this.#headers(token), "Content-Type": "application/json" }, signal: this.#signal },
          this.#deadlines,
        );
      } catch (error) {
        if (this.#signal?.aborted) throw this.#signal.reason;
        // fetch rejects (TypeError "fetch failed") when the connection drops or cannot open; an
        // answer that never came is the same failure seen from here, and retried the same way.
        this.#onAttempt(0, retries < this.#maxRetries);
        if (retries >= this.#maxRetries) throw unreachable(url, retries + 1, error);
        await this.#sleep(this.#backoff(retries++));
        continue;
      }
      // Denied: sent once more with the token renewed after the client's first denial, unless
      // that is the one it was sent with, or it was sent with one issued anew after a 401.
      const renewed =
        response.status === 403 && !denialRetried && !tokenRefreshed ? ((await this.#renewAfterDenial()) ?? token) : token;
      const retrying =
        (response.status === 401 && !tokenRefreshed) ||
        renewed !== token ||
        (RETRYABLE_STATUS.has(response.status) && retries < this.#maxRetries);
      this.#onAttempt(response.status, retrying);
      if (response.ok) return (await response.json()) as T;
      if (response.status === 401 && !tokenRefreshed) {
        // The token may have been revoked or rotated early; one fresh token, then give up. The
        // token renewed after a denial, refused now, is renewed again at the next denial.
        if (denialRetried) this.#renewedAfterDenial = undefined;
        tokenRefreshed = true;
        token = await this.#token(true);
        continue;
      }
      if (renewed !== token) {
        denialRetried = true;
        token = renewed;
        continue;
      }
      if (RETRYABLE_STATUS.has(response.status)) {
        if (retries < this.#maxRetries) {
          const asked = parseRetryAfter(response.headers.get("retry-after"));
          await this.#sleep(
            asked === undefined ? this.#backoff(retries) : Math.min(asked, this.#maxRetryDelayMs),
          );
          retries++;
          continue;
        }
      }
      throw await graphErrorFrom(response, url);
    }
  }

  /**
   * The token issued anew after the client's first 403. Later requests get it from the cache, so
   * a denial costs one token and one more attempt per client (a sync run), not per request.
   */
  #renewAfterDenial(): Promise<string | undefined> {
    this.#renewedAfterDenial ??= this.#token(true).catch(() => {
      // The token endpoint failed: the denial stands, and a later one asks again.
      this.#renewedAfterDenial = undefined;
      return undefined;
    });
    return this.#renewedAfterDenial;
  }

  #resolve(pathOrUrl: string): URL {
    const absolute = /^[a-z][a-z\d+.-]*:/i.test(pathOrUrl);
    const url = new URL(
      absolute ? pathOrUrl : `${this.#baseUrl}${pathOrUrl.startsWith("/") ? "" : "/"}${pathOrUrl}`,
    );
    if (url.origin !== this.#origin) {
      throw new GraphError(
        `Refusing to send the Graph token to ${url.origin}: links must stay on ${this.#origin}`,
        0,
        "untrustedLink",
        false,
      );
    }
    return url;
  }

  #headers(token: string): Record<string, string> {
    return {
      Authorization: `Bearer ${token}`,
      Accept: "application/json",
      ...(this.#priority ? { "x-ms-throttle-priority": this.#priority } : {}),
    };
  }

  /** Exponential backoff with full jitter, so throttled workers do not retry in step. */
  #backoff(retry: number): number {
    return Math.random() * Math.min(this.#maxRetryDelayMs, BACKOFF_BASE_MS * 2 ** retry);
  }
}

/**
 * Milliseconds to wait from a Retry-After header: delay-seconds (Graph sends fractions such
 * as "0.05") or an HTTP-date. Undefined when absent or unreadable, so the caller backs off.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  // HTTP-dates start with a day name; Date.parse alone would read "-1" as a year.
  const date = /^[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function unreachable(url: URL, attempts: number, error: unknown): GraphError {
  const timedOut = error instanceof DeadlineExceededError;
  return new GraphError(
    timedOut
      ? `Microsoft Graph did not answer in time (${url.pathname}) after ${attempts} attempts: ${error.message}`
      : `Microsoft Graph could not be reached (${url.pathname}) after ${attempts} attempts`,
    0,
    timedOut ? "timeout" : "networkError",
    true,
    { cause: error },
  );
}

async function graphErrorFrom(response: Response, url: URL): Promise<GraphError> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's or load balancer's page): the status says enough.
  }
  return graphErrorOf(response.status, response.statusText, body, url.pathname);
}

/** The error of a failed answer from its status and body (Graph's `{ error: { code, message } }`, or anything else). */
export function graphErrorOf(status: number, statusText: string, body: unknown, path: string): GraphError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof error?.code === "string" ? error.code : "UnknownError";
  const detail = typeof error?.message === "string" ? error.message : statusText;
  return new GraphError(`Microsoft Graph answered ${status} ${code} for ${path}: ${detail}`, status, code, isRetryableStatus(status));
}

/** Whether Graph's answer means "try again later" (https://learn.microsoft.com/graph/throttling). */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status);
}
