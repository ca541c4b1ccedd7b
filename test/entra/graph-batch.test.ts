// Collections read through JSON batching against the emulated Graph: 20 per request, pages
// followed, throttled requests sent again after their Retry-After, failures surfaced.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readCollections } from "../../src/entra/graph-batch.js";
import { GraphClient, GraphError, type GraphClientOptions } from "../../src/entra/graph-client.js";
import { startEntraEmulator, type EntraEmulator } from "../emulator/server.js";
import { acquireToken } from "../emulator/support.js";

const TENANT = "12121212-1212-4121-8121-121212121212";
const APP = "34343434-3434-4343-8343-343434343434";
const USERS_ONLY_APP = "56565656-5656-4565-8565-565656565656";
const SECRET = "Xy8Q~correct-horse-battery-staple";
const PRINCIPALS = 45;

let emu: EntraEmulator;
const tokens = new Map<string, string>();
/** Each service principal's owners, by id: principal i has i % 6 owners. */
const ownersOf = new Map<string, string[]>();

beforeAll(async () => {
  emu = await startEntraEmulator();
  const tenant = emu.addTenant({ tenantId: TENANT });
  const people = Array.from({ length: 5 }, (_, i) => tenant.hireUser({ displayName: `Owner ${i}` }).id);
  for (let i = 0; i < PRINCIPALS; i++) {
    const owners = people.slice(0, i % 6);
    ownersOf.set(tenant.addServicePrincipal({ displayName: `App ${i}`, owners }).id, owners);
  }
  for (const [clientId, permission] of [
    [APP, "Application.Read.All"],
    [USERS_ONLY_APP, "User.Read.All"],
  ] as const) {
    tenant.registerApp({ clientId, secret: SECRET, permissions: [permission] });
    tokens.set(clientId, await acquireToken(emu, TENANT, clientId, SECRET));
  }
});

afterEach(() => emu.faults.clear());
afterAll(() => emu.close());

/** A client whose waits are recorded instead of slept, and the batched requests it sends again (as the metrics see them). */
function client(options: Partial<GraphClientOptions> = {}, app = APP) {
  const waits: number[] = [];
  const batchedRetries: number[] = [];
  const graph = new GraphClient({
    baseUrl: emu.url,
    token: async () => tokens.get(app) as string,
    sleep: async (ms) => {
      waits.push(ms);
    },
    onBatchedRetry: (status) => batchedRetries.push(status),
    ...options,
  });
  return { graph, waits, batchedRetries };
}

const ownersPath = (id: string, top = 999) => `/v1.0/servicePrincipals/${id}/owners?$select=id&$top=${top}`;

function ownerIds(read: Map<string, { id: string }[]>, top?: number): Map<string, string[]> {
  return new Map([...ownersOf.keys()].map((id) => [id, (read.get(ownersPath(id, top)) ?? []).map((o) => o.id).sort()]));
}

const expected = () => new Map([...ownersOf].map(([id, owners]) => [id, [...owners].sort()]));

describe("readCollections", () => {
  it("reads 45 lists in 3 requests of at most 20, each list filed under its path", async () => {
    const { graph } = client();
    const batched = emu.batchedRequests.length;
    const read = await readCollections<{ id: string }>(graph, [...ownersOf.keys()].map((id) => ownersPath(id)));
    expect(ownerIds(read)).toEqual(expected());
    expect(graph.requestCount).toBe(3);
    expect(emu.batchedRequests.length - batched).toBe(PRINCIPALS);
  });

  it("follows each list's nextLink in later batches until its last page", async () => {
    const { graph } = client();
    const read = await readCollections<{ id: string }>(graph, [...ownersOf.keys()].map((id) => ownersPath(id, 2)));
    expect(ownerIds(read, 2)).toEqual(expected());
    // Owner lists of 0-5 at 2 a page: 45 first pages, 21 second and 7 third ones, 73 in all; a
    // page waits for the one before it, so the last batch holds only third pages.
    expect(graph.requestCount).toBe(5);
  });

  it("sends throttled requests again after their Retry-After, counting them as throttled", async () => {
    emu.faults.throttle(3, "1.5", { pathPrefix: "/v1.0/servicePrincipals/" });
    const { graph, waits, batchedRetries } = client();
    const read = await readCollections<{ id: string }>(graph, [...ownersOf.keys()].map((id) => ownersPath(id)));
    expect(ownerIds(read)).toEqual(expected());
    expect(waits).toEqual([1500]);
    expect(batchedRetries).toEqual([429, 429, 429]);
    // The three ride in the second batch with the next 17 lists: 48 batched GETs in 3 batches.
    expect(graph.requestCount).toBe(3);
  });

  it("waits at most the client's bound, and backs off when no Retry-After is given", async () => {
    emu.faults.throttle(1, "600", { pathPrefix: "/v1.0/servicePrincipals/" });
    emu.faults.unavailable(1, 503, undefined, { pathPrefix: "/v1.0/servicePrincipals/" });
    const { graph, waits } = client({ maxRetryDelayMs: 2_000 });
    const paths = [...ownersOf.keys()].slice(0, 2).map((id) => ownersPath(id));
    await readCollections(graph, paths);
    expect(waits).toEqual([2_000]);
    emu.faults.unavailable(1, 503, undefined, { pathPrefix: "/v1.0/servicePrincipals/" });
    const backedOff = client({ maxRetryDelayMs: 2_000 });
    await readCollections(backedOff.graph, paths);
    expect(backedOff.waits).toHaveLength(1);
    expect(backedOff.waits[0]).toBeLessThanOrEqual(500);
  });

  it("gives up on a request still throttled after the client's retries", async () => {
    emu.faults.throttle(10, "0.05", { pathPrefix: "/v1.0/servicePrincipals/" });
    const { graph } = client({ maxRetries: 2 });
    const error = await readCollections(graph, [ownersPath([...ownersOf.keys()][0] as string)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 429, code: "TooManyRequests", retryable: true });
    expect(graph.requestCount).toBe(3);
  });

  it("retries the batch itself as any request", async () => {
    emu.faults.throttle(1, "0.05", { pathPrefix: "/v1.0/$batch" });
    const { graph, waits } = client();
    await readCollections(graph, [ownersPath([...ownersOf.keys()][1] as string)]);
    expect(waits).toEqual([50]);
    expect(graph.requestCount).toBe(2);
  });

  it("leaves out the collection of an object gone (404), reading the others", async () => {
    const known = [...ownersOf.keys()][0] as string;
    const gone = ownersPath("00000000-0000-4000-8000-000000000000");
    const answer = await readCollections(client().graph, [gone, ownersPath(known)]);
    expect(answer.has(gone)).toBe(false);
    expect(answer.get(ownersPath(known))).toHaveLength(ownersOf.get(known)!.length);
  });

  it("fails with Graph's error for a request refused for good", async () => {
    const { graph } = client({}, USERS_ONLY_APP);
    const denied = await readCollections(graph, [ownersPath([...ownersOf.keys()][0] as string)]).catch((e: unknown) => e);
    expect(denied).toMatchObject({ status: 403, code: "Authorization_RequestDenied" });
    expect((denied as Error).message).toContain("/v1.0/servicePrincipals/");
  });

  it("stops when its signal is aborted, with the signal's reason", async () => {
    const controller = new AbortController();
    emu.faults.throttle(1, "0.05", { pathPrefix: "/v1.0/servicePrincipals/" });
    const { graph } = client({
      signal: controller.signal,
      sleep: async () => controller.abort(new Error("shutting down")),
    });
    const error = await readCollections(graph, [ownersPath([...ownersOf.keys()][2] as string)]).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: "shutting down" });
    expect(graph.requestCount).toBe(1);
  });

  it("takes only Graph v1.0 paths", async () => {
    await expect(readCollections(client().graph, ["/beta/servicePrincipals"])).rejects.toThrow("v1.0");
  });
});
