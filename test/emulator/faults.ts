// Injected failures: throttling, outages, dropped connections, answers that never come, and
// invalidated delta tokens.
import { sendGraphError, type Exchange } from "./http.js";
import type { DeltaTokenFailure } from "./paging.js";

export interface FaultTarget {
  /**
   * Only requests whose path starts with this fail. Default "/v1.0/" (Graph, not the token
   * endpoint); "/{tenant}/oauth2/" is the token endpoint, "/msi/" the managed identity endpoint.
   */
  readonly pathPrefix?: string;
}

/** Retry-After as seconds (fractions allowed: "0.05") or an HTTP date. */
export type RetryAfter = string | number | Date;

export interface Faults {
  /** The next `n` matching requests answer 429 with Retry-After. */
  throttle(n: number, retryAfter?: RetryAfter, target?: FaultTarget): void;
  /** The next `n` matching requests answer `status` (default 503), with Retry-After if given. */
  unavailable(n: number, status?: number, retryAfter?: RetryAfter, target?: FaultTarget): void;
  /** The next `n` matching requests lose their connection without any response. */
  dropConnections(n: number, target?: FaultTarget): void;
  /**
   * The next `n` matching requests are accepted and never answered (a half-open connection
   * behind a proxy or NAT); they stay open until the caller gives up or the emulator closes.
   */
  hang(n: number, target?: FaultTarget): void;
  /** The next `n` matching requests get their headers and the start of a body, then nothing more. */
  stallBody(n: number, target?: FaultTarget): void;
  /**
   * The next `n` matching requests wait, unanswered, until the hold is released, then are answered
   * as usual: a sync meeting one stays inside its run (and its transaction) for as long as a test needs.
   */
  hold(n: number, target?: FaultTarget): Hold;
  /** Every delta token issued so far fails from now on (400 syncStateNotFound or 410 resyncRequired). */
  expireDeltaTokens(kind?: DeltaTokenFailure): void;
  /** Request faults planned and not yet met. */
  pending(): number;
  /** Forgets the pending request faults. */
  clear(): void;
}

/** Requests held by `hold()`. */
export interface Hold {
  /** Resolves once `count` requests are being held. */
  arrived(count: number): Promise<void>;
  /** Answers the held requests, and those that arrive later, as usual. */
  release(): void;
}

export type Fault =
  | { readonly kind: "status"; readonly status: number; readonly retryAfter?: string }
  | { readonly kind: "drop" }
  | { readonly kind: "hang" }
  | { readonly kind: "stall" }
  | { readonly kind: "hold"; readonly held: HeldRequests };

interface Planned {
  remaining: number;
  readonly pathPrefix: string;
  readonly fault: Fault;
}

export class FaultPlan implements Faults {
  private planned: Planned[] = [];

  constructor(private readonly onExpireDeltaTokens: (kind: DeltaTokenFailure) => void) {}

  throttle(n: number, retryAfter: RetryAfter = "0.05", target: FaultTarget = {}): void {
    this.add(n, target, { kind: "status", status: 429, retryAfter: formatRetryAfter(retryAfter) });
  }

  unavailable(n: number, status = 503, retryAfter?: RetryAfter, target: FaultTarget = {}): void {
    const fault: Fault =
      retryAfter === undefined
        ? { kind: "status", status }
        : { kind: "status", status, retryAfter: formatRetryAfter(retryAfter) };
    this.add(n, target, fault);
  }

  dropConnections(n: number, target: FaultTarget = {}): void {
    this.add(n, target, { kind: "drop" });
  }

  hang(n: number, target: FaultTarget = {}): void {
    this.add(n, target, { kind: "hang" });
  }

  stallBody(n: number, target: FaultTarget = {}): void {
    this.add(n, target, { kind: "stall" });
  }

  hold(n: number, target: FaultTarget = {}): Hold {
    const held = new HeldRequests();
    this.add(n, target, { kind: "hold", held });
    return held;
  }

  expireDeltaTokens(kind: DeltaTokenFailure = "syncStateNotFound"): void {
    this.onExpireDeltaTokens(kind);
  }

  pending(): number {
    return this.planned.reduce((sum, p) => sum + p.remaining, 0);
  }

  clear(): void {
    this.planned = [];
  }

  /** The fault this request meets, if any; faults are used in the order they were planned. */
  take(path: string): Fault | undefined {
    const match = this.planned.find((p) => p.remaining > 0 && path.startsWith(p.pathPrefix));
    if (!match) return undefined;
    match.remaining--;
    this.planned = this.planned.filter((p) => p.remaining > 0);
    return match.fault;
  }

  private add(n: number, target: FaultTarget, fault: Fault): void {
    this.planned.push({ remaining: n, pathPrefix: target.pathPrefix ?? "/v1.0/", fault });
  }
}

/** The requests of one hold: each waits in `enter()` until release(). */
export class HeldRequests implements Hold {
  #count = 0;
  #watchers: { count: number; resolve: () => void }[] = [];
  #release!: () => void;
  readonly #released = new Promise<void>((resolve) => (this.#release = resolve));

  /** A held request: resolves when the hold is released. */
  enter(): Promise<void> {
    this.#count++;
    this.#watchers = this.#watchers.filter((watcher) => (watcher.count <= this.#count ? void watcher.resolve() : true));
    return this.#released;
  }

  arrived(count: number): Promise<void> {
    if (this.#count >= count) return Promise.resolve();
    return new Promise((resolve) => this.#watchers.push({ count, resolve }));
  }

  release(): void {
    this.#release();
  }
}

function formatRetryAfter(value: RetryAfter): string {
  return value instanceof Date ? value.toUTCString() : String(value);
}

const FAULT_CODES: Readonly<Record<number, [code: string, message: string]>> = {
  429: ["TooManyRequests", "Too many requests. Retry after the time given in the Retry-After header."],
  500: ["generalException", "An unexpected error occurred."],
  502: ["BadGateway", "The service could not be reached."],
  503: ["serviceNotAvailable", "The service is temporarily unavailable. Retry the request later."],
  504: ["gatewayTimeout", "The request timed out."],
};

/** A planned status fault, in Graph's words. */
export function sendFault(ex: Exchange, status: number, retryAfter: string | undefined): void {
  const [code, message] = FAULT_CODES[status] ?? ["UnknownError", `Injected failure ${status}.`];
  sendGraphError(ex, status, code, message, retryAfter === undefined ? {} : { "retry-after": retryAfter });
}
