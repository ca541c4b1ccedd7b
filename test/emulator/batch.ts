// Microsoft Graph's JSON batching (`POST /v1.0/$batch`): up to 20 requests in one, each run
// through the emulator's ordinary routes as if it had come alone (the caller's token and
// permissions, planned faults, paging), and answered in one body with its own status, headers
// and body (https://learn.microsoft.com/graph/json-batching).
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendFault, type FaultPlan } from "./faults.js";
import { readBody, sendGraphError, sendJson, type Exchange, type RequestRecord } from "./http.js";

/** Graph's limit: a batch of more is refused whole. */
export const MAX_BATCH_REQUESTS = 20;

export interface BatchOptions {
  /** The Graph route one request takes (handleGraph with the server's options). */
  readonly route: (ex: Exchange) => Promise<void>;
  /** Whether the batch itself carries a valid token (else it has answered 401), as Graph checks first. */
  readonly signIn: (ex: Exchange) => Promise<boolean>;
  readonly faults: FaultPlan;
  /** Told of each request of a batch once answered, for the emulator's log of batched requests. */
  readonly record: (request: RequestRecord) => void;
}

interface BatchRequest {
  readonly id: string;
  readonly method: string;
  readonly url: string;
}

interface BatchResponse {
  readonly id: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

export async function handleBatch(ex: Exchange, options: BatchOptions): Promise<void> {
  if (ex.req.method !== "POST") {
    sendGraphError(ex, 405, "Request_BadRequest", `The HTTP method '${ex.req.method}' is not allowed for this resource.`);
    return;
  }
  if (!(await options.signIn(ex))) return;
  const requests = parseBatch(await readBody(ex.req));
  if ("error" in requests) {
    sendGraphError(ex, 400, "BadRequest", requests.error);
    return;
  }
  // Graph runs requests without `dependsOn` in any order; in order keeps the emulator's faults predictable.
  const responses: BatchResponse[] = [];
  for (const request of requests) responses.push(await runOne(ex, request, options));
  sendJson(ex, 200, { responses });
}

function parseBatch(text: string): BatchRequest[] | { readonly error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { error: "Invalid batch payload format." };
  }
  const requests = (parsed as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) return { error: "Invalid batch payload format." };
  if (requests.length > MAX_BATCH_REQUESTS) {
    return { error: `Number of batch request steps exceeds the maximum of ${MAX_BATCH_REQUESTS}.` };
  }
  const ids = new Set<string>();
  for (const request of requests as Array<Partial<Record<keyof BatchRequest, unknown>>>) {
    const { id, method, url } = request ?? {};
    if (typeof id !== "string" || id === "" || typeof method !== "string" || typeof url !== "string") {
      return { error: "Invalid batch payload format: each request needs an id, a method and a url." };
    }
    if (ids.has(id)) return { error: `Batch request ids must be unique: '${id}' is repeated.` };
    ids.add(id);
    // Graph takes urls relative to the version the batch was sent to, never absolute ones.
    if (/^[a-z][a-z\d+.-]*:/i.test(url)) return { error: `Invalid request url '${url}': batch urls are relative, as '/users'.` };
  }
  return requests as BatchRequest[];
}

async function runOne(batch: Exchange, request: BatchRequest, options: BatchOptions): Promise<BatchResponse> {
  const url = new URL(`/v1.0/${request.url.replace(/^\/+/, "")}`, batch.url.origin);
  const captured = new CapturedResponse();
  const ex: Exchange = {
    req: { method: request.method.toUpperCase(), headers: { authorization: batch.req.headers.authorization } } as IncomingMessage,
    res: captured as unknown as ServerResponse,
    url,
    requestId: randomUUID(),
    clientRequestId: batch.clientRequestId,
  };
  const fault = options.faults.take(url.pathname);
  if (fault?.kind === "status") sendFault(ex, fault.status, fault.retryAfter);
  // A connection fault has no connection of its own to break here: Graph's gateway answers for it.
  else if (fault) sendFault(ex, 504, undefined);
  else await options.route(ex);
  options.record({ method: ex.req.method ?? "", path: url.pathname, query: url.search, status: captured.status });
  return captured.answer(request.id);
}

/** Stands in for the socket a request alone would have: what the route sends is kept. */
class CapturedResponse {
  status = 0;
  headersSent = false;
  #headers: Record<string, string> = {};
  #payload = "";

  writeHead(status: number, headers: Record<string, string | number>): this {
    this.status = status;
    this.headersSent = true;
    for (const [name, value] of Object.entries(headers)) {
      if (name !== "content-length") this.#headers[graphHeaderName(name)] = String(value);
    }
    return this;
  }

  end(payload?: string): this {
    this.#payload = payload ?? "";
    return this;
  }

  answer(id: string): BatchResponse {
    const body = this.#payload === "" ? undefined : (JSON.parse(this.#payload) as unknown);
    return { id, status: this.status, headers: this.#headers, ...(body === undefined ? {} : { body }) };
  }
}

/** Graph spells a batched response's headers as HTTP/1.1 does: `Retry-After`, `Content-Type`. */
function graphHeaderName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}
