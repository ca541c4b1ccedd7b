// Request context and JSON answers in the shapes Entra and Microsoft Graph use.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DecodedAssertion } from "./client-assertion.js";

export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  /** Our id for this request, echoed as `request-id` and Entra's `trace_id`. */
  readonly requestId: string;
  /** The caller's `client-request-id` (msal sends one), else ours: Entra's `correlation_id`. */
  clientRequestId: string;
  /** The `client_assertion` a token request presented, decoded, for the request log. */
  clientAssertion?: DecodedAssertion;
}

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  /** The query string, with its "?", or "". */
  readonly query: string;
  /** 0 when the connection was dropped without a response. */
  readonly status: number;
  /** The `client_assertion` of a token request, decoded: what msal sent. */
  readonly clientAssertion?: DecodedAssertion;
  /** The `x-ms-throttle-priority` header, which Graph reads to throttle background work first. */
  readonly priority?: string;
}

export function createExchange(req: IncomingMessage, res: ServerResponse, origin: string): Exchange {
  const header = req.headers["client-request-id"];
  const url = new URL(req.url ?? "/", origin);
  const requestId = randomUUID();
  return {
    req,
    res,
    url,
    requestId,
    clientRequestId:
      (typeof header === "string" && header) || url.searchParams.get("client-request-id") || requestId,
  };
}

export function sendJson(
  ex: Exchange,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const payload = JSON.stringify(body);
  ex.res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    "request-id": ex.requestId,
    "client-request-id": ex.clientRequestId,
    ...headers,
  });
  ex.res.end(payload);
}

/** Microsoft Graph's error body: `{ error: { code, message, innerError } }`. */
export function sendGraphError(
  ex: Exchange,
  status: number,
  code: string,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(
    ex,
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().slice(0, 19),
          "request-id": ex.requestId,
          "client-request-id": ex.clientRequestId,
        },
      },
    },
    headers,
  );
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
