// Many small Graph collections read through JSON batching (`POST /v1.0/$batch`): up to 20 GETs
// in one request, so reading a list per object costs one request per 20 objects, not one each
// (https://learn.microsoft.com/graph/json-batching).
//
// Each batched GET is answered on its own: a page with a nextLink is followed in a later batch,
// and one throttled or unavailable is sent again in the next batch after the wait it asked for,
// bounded and counted as the client's own retries are. The batch itself is an ordinary request
// of the client (token, deadlines, retries, abort signal, request count).
import { GraphError, graphErrorOf, isRetryableStatus, type GraphClient, type GraphPage } from "./graph-client.js";

/** Graph's limit on the requests of one batch. */
export const MAX_BATCH_REQUESTS = 20;

// Batched urls are relative to the version the batch is sent to.
const VERSION = "/v1.0";

interface Pending {
  /** The path the caller asked for, which its items are filed under. */
  readonly path: string;
  /** This page's url, relative to the version. */
  readonly url: string;
  /** Times this page has been sent again after a retryable answer. */
  readonly retries: number;
}

interface BatchAnswer {
  readonly id: string;
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/**
 * Every item of each collection (`/v1.0/...` paths, GETs), every page followed, keyed by the path
 * as given. A collection whose object is gone (404: deleted since it was listed) is absent from
 * the answer, for the caller to take as gone, and the rest are read. Fails with the GraphError of
 * the first request that fails for good otherwise.
 */
export async function readCollections<T>(graph: GraphClient, paths: readonly string[]): Promise<Map<string, T[]>> {
  const items = new Map<string, T[]>(paths.map((path) => [path, []]));
  let queue: Pending[] = [...items.keys()].map((path) => ({ path, url: relativeToVersion(path), retries: 0 }));
  while (queue.length > 0) {
    const sent = queue.slice(0, MAX_BATCH_REQUESTS);
    queue = queue.slice(MAX_BATCH_REQUESTS);
    const answers = await graph.postJson<{ responses?: BatchAnswer[] }>(`${VERSION}/$batch`, {
      requests: sent.map((pending, i) => ({ id: String(i), method: "GET", url: pending.url })),
    });
    const byId = new Map((answers.responses ?? []).map((answer) => [answer.id, answer]));
    const retry: Pending[] = [];
    const asked: { status: number; retryAfter: string | null }[] = [];
    const next: Pending[] = [];
    sent.forEach((pending, i) => {
      const answer = byId.get(String(i));
      if (!answer) {
        throw new GraphError(`Microsoft Graph's batch answer left out ${VERSION}${pending.url}`, 0, "batchAnswerMissing", true);
      }
      if (answer.status >= 200 && answer.status < 300) {
        const page = answer.body as GraphPage<T>;
        // A later page of a collection found gone on another is dropped with it.
        items.get(pending.path)?.push(...page.value);
        const nextLink = page["@odata.nextLink"];
        if (nextLink) next.push({ path: pending.path, url: relativeToVersion(graph.pathOf(nextLink)), retries: 0 });
      } else if (answer.status === 404) {
        items.delete(pending.path);
      } else if (isRetryableStatus(answer.status) && pending.retries < graph.maxRetries) {
        retry.push({ ...pending, retries: pending.retries + 1 });
        asked.push({ status: answer.status, retryAfter: header(answer, "retry-after") });
      } else {
        throw graphErrorOf(answer.status, "", answer.body, `${VERSION}${pending.url.split("?")[0]}`);
      }
    });
    if (retry.length > 0) await graph.waitToRetry(asked, Math.max(...retry.map((pending) => pending.retries - 1)));
    // Retries first, so a page that keeps failing reaches its bound rather than waiting behind the rest.
    queue = [...retry, ...queue, ...next];
  }
  return items;
}

function relativeToVersion(path: string): string {
  if (!path.startsWith(`${VERSION}/`)) throw new Error(`A batched read must be a ${VERSION} path: ${path}`);
  return path.slice(VERSION.length);
}

function header(answer: BatchAnswer, name: string): string | null {
  const found = Object.entries(answer.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return found ? found[1] : null;
}
