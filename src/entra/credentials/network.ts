// msal-node's network module, on fetch with deadlines: a token endpoint (or a managed identity
// endpoint) that accepts the connection and never answers must fail the token request, not hang
// every sync that waits for it. Given to the confidential client and the managed identity app alike.
import { AuthError, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from "@azure/msal-node";
import { DeadlineExceededError, fetchWithDeadlines, TOKEN_DEADLINE_MS } from "../deadline-fetch.js";

/** A connection to `host` could not be made or was lost before an answer. */
export class ConnectionFailedError extends Error {
  override readonly name = "ConnectionFailedError";

  constructor(
    readonly host: string,
    cause: unknown,
  ) {
    super(`${host} could not be reached: ${messageOf(cause)}`, { cause });
  }
}

/**
 * msal passes AuthErrors through untouched (anything else it replaces with a bare
 * "network_error"), so failures leave here as AuthErrors whose `cause` keeps what happened:
 * a DeadlineExceededError, or a ConnectionFailedError; both name the host.
 */
export function deadlineNetworkModule(
  timeoutMs: number = TOKEN_DEADLINE_MS,
  fetchImpl: typeof fetch = fetch,
): INetworkModule {
  async function send<T>(method: "GET" | "POST", url: string, options: NetworkRequestOptions | undefined, ms: number) {
    let response: Response;
    try {
      response = await fetchWithDeadlines(
        fetchImpl,
        url,
        { method, headers: options?.headers, body: method === "POST" ? (options?.body ?? "") : undefined },
        { headersMs: ms, bodyMs: ms },
      );
    } catch (error) {
      const cause = error instanceof DeadlineExceededError ? error : new ConnectionFailedError(new URL(url).host, error);
      throw withCause(new AuthError("network_error", "", `Network request failed: ${cause.message}`), cause);
    }
    const text = await response.text();
    let body: T;
    try {
      body = JSON.parse(text) as T;
    } catch (error) {
      // A proxy's or load balancer's page rather than the endpoint's JSON.
      throw withCause(
        new AuthError("token_parsing_error", "", `The answer (HTTP ${response.status}) was not JSON`),
        error,
      );
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { headers, body, status: response.status } satisfies NetworkResponse<T>;
  }

  return {
    // msal passes its own timeout for some discovery calls; the shorter wait wins.
    sendGetRequestAsync: (url, options, timeout) =>
      send("GET", url, options, timeout ? Math.min(timeout, timeoutMs) : timeoutMs),
    sendPostRequestAsync: (url, options) => send("POST", url, options, timeoutMs),
  };
}

function withCause(error: AuthError, cause: unknown): AuthError {
  // AuthError resets its prototype in its constructor, so it cannot be subclassed; set the cause.
  error.cause = cause;
  return error;
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch's own message is a bare "fetch failed"; the reason (ECONNREFUSED...) is its cause.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
