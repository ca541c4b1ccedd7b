// The Graph client against the emulated Graph: paging, the retries Graph asks for, and where
// it refuses to send the token.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTokenSource } from "../../src/entra/credentials.js";
import { GraphClient, GraphError, type GraphClientOptions, type GraphPage } from "../../src/entra/graph-client.js";
import { generateTenant } from "../emulator/generate.js";
import { startEntraEmulator, type EntraEmulator } from "../emulator/server.js";

const TENANT = "11111111-1111-4111-8111-111111111111";
const APP = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const SECRET = "Xy8Q~correct-horse-battery-staple";
const USERS = 250;

let emu: EntraEmulator;
let accessToken: string;

beforeAll(async () => {
  emu = await startEntraEmulator();
  const tenant = emu.addTenant({ tenantId: TENANT, directory: generateTenant({ seed: 7, users: USERS, groups: 5 }) });
  tenant.registerApp({ clientId: APP, secret: SECRET, permissions: ["User.Read.All"] });
  const tokens = createTokenSource({
    tenantId: TENANT,
    clientId: APP,
    credential: { kind: "CLIENT_SECRET", clientSecret: SECRET },
    authorityHost: emu.url,
    graphBaseUrl: emu.url,
  });
  accessToken = (await tokens.getToken()).accessToken;
});

afterEach(() => emu.faults.clear());
afterAll(() => emu.close());

/** A client whose waits are recorded instead of slept, so retries cost no time, and whose attempts are recorded (the statuses the metrics see). */
function client(options: Partial<GraphClientOptions> = {}) {
  const waits: number[] = [];
  const attempts: { status: number; retrying: boolean }[] = [];
  const graph = new GraphClient({
    baseUrl: emu.url,
    token: async () => accessToken,
    sleep: async (ms) => {
      waits.push(ms);
    },
    onAttempt: (status, retrying) => attempts.push({ status, retrying }),
    ...options,
  });
  const throttled = () => attempts.filter((attempt) => attempt.status === 429).length;
  return { graph, waits, attempts, throttled };
}

describe("GraphClient", () => {
  it("follows @odata.nextLink through every page", async () => {
    const { graph } = client();
    const pages: GraphPage<{ id: string }>[] = [];
    for await (const page of graph.pages<{ id: string }>("/v1.0/users?$top=100&$select=id")) pages.push(page);
    expect(pages.map((p) => p.value.length)).toEqual([100, 100, 50]);
    expect(new Set(pages.flatMap((p) => p.value.map((u) => u.id))).size).toBe(USERS);
    expect(pages.at(-1)?.["@odata.nextLink"]).toBeUndefined();
    expect(graph.requestCount).toBe(3);
  });

  it("retries a 429 after its fractional Retry-After", async () => {
    emu.faults.throttle(2, "0.05");
    const { graph, waits, attempts } = client();
    const page = await graph.getJson<GraphPage<{ id: string }>>("/v1.0/users?$top=1&$select=id");
    expect(page.value).toHaveLength(1);
    expect(waits).toEqual([50, 50]);
    expect(attempts).toEqual([
      { status: 429, retrying: true },
      { status: 429, retrying: true },
      { status: 200, retrying: false },
    ]);
    expect(graph.requestCount).toBe(3);
  });

  it("honours a Retry-After date, capped at maxRetryDelayMs", async () => {
    emu.faults.throttle(1, new Date(Date.now() + 60_000));
    const { graph, waits } = client({ maxRetryDelayMs: 2_000 });
    await graph.getJson("/v1.0/users?$top=1&$select=id");
    expect(waits).toEqual([2_000]);
  });

  it("retries 503 and 504, backing off with jitter when no Retry-After is given", async () => {
    emu.faults.unavailable(1, 503);
    emu.faults.unavailable(1, 504);
    const { graph, waits, throttled } = client();
    await graph.getJson("/v1.0/users?$top=1&$select=id");
    expect(graph.requestCount).toBe(3);
    expect(throttled()).toBe(0);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThanOrEqual(500);
    expect(waits[1]).toBeLessThanOrEqual(1000);
  });

  it("retries a dropped connection", async () => {
    emu.faults.dropConnections(2);
    const { graph, waits } = client();
    const page = await graph.getJson<GraphPage<unknown>>("/v1.0/users?$top=2&$select=id");
    expect(page.value).toHaveLength(2);
    expect(graph.requestCount).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it("gives up after maxRetries with a retryable GraphError", async () => {
    emu.faults.throttle(10, "0.05");
    const { graph, attempts } = client({ maxRetries: 2 });
    const error = await graph.getJson("/v1.0/users?$top=1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 429, code: "TooManyRequests", retryable: true });
    expect(graph.requestCount).toBe(3);
    expect(attempts.map((attempt) => attempt.retrying)).toEqual([true, true, false]);
    expect(attempts.every((attempt) => attempt.status === 429)).toBe(true);
  });

  it("gives up on a connection that keeps dropping", async () => {
    emu.faults.dropConnections(10);
    const { graph } = client({ maxRetries: 1 });
    const error = await graph.getJson("/v1.0/users?$top=1").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "GraphError", status: 0, code: "networkError", retryable: true });
    expect(graph.requestCount).toBe(2);
  });

  it("surfaces Graph's error code without retrying", async () => {
    const { graph } = client();
    const error = await graph.getJson("/v1.0/groups?$top=1&$select=id").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, code: "Authorization_RequestDenied", retryable: false });
    expect((error as Error).message).toContain("Insufficient privileges");
    expect(graph.requestCount).toBe(1);
  });

  it("surfaces a 410 Gone for an expired delta token without retrying", async () => {
    const { graph } = client();
    let deltaLink: string | undefined;
    for await (const page of graph.pages("/v1.0/users/delta?$select=displayName")) deltaLink = page["@odata.deltaLink"];
    expect(deltaLink).toBeDefined();
    emu.faults.expireDeltaTokens("resyncRequired");
    const before = graph.requestCount;
    const error = await graph.getJson(deltaLink!).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 410, code: "resyncRequired", retryable: false });
    expect(graph.requestCount - before).toBe(1);
  });

  it("gets a fresh token once after a 401", async () => {
    const tokens = ["not-a-valid-token", accessToken];
    const asked: boolean[] = [];
    const { graph } = client({
      token: async (fresh) => {
        asked.push(fresh);
        return tokens.shift() ?? "exhausted";
      },
    });
    await graph.getJson("/v1.0/users?$top=1&$select=id");
    expect(asked).toEqual([false, true]);
    expect(graph.requestCount).toBe(2);

    const { graph: stale } = client({ token: async () => "not-a-valid-token" });
    const error = await stale.getJson("/v1.0/users?$top=1").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, code: "InvalidAuthenticationToken" });
    expect(stale.requestCount).toBe(2);
  });

  it("after its first 403, sends the refused request again with a token issued anew, once per client", async () => {
    // A token cached from before admin consent lacks what the consent granted until it expires.
    const consented = emu.addTenant({ tenantId: "22222222-2222-4222-8222-222222222222", directory: generateTenant({ seed: 8, users: 5, groups: 2 }) });
    consented.registerApp({ clientId: APP, secret: SECRET, permissions: ["User.Read.All", "Group.Read.All"], adminConsent: false });
    const tokens = createTokenSource({
      tenantId: consented.tenantId,
      clientId: APP,
      credential: { kind: "CLIENT_SECRET", clientSecret: SECRET },
      authorityHost: emu.url,
      graphBaseUrl: emu.url,
    });
    expect((await tokens.getToken()).roles).toEqual([]);
    consented.app(APP)!.adminConsent = true;
    const asked: boolean[] = [];
    const { graph, attempts } = client({
      token: async (fresh) => {
        asked.push(fresh);
        return (await tokens.getToken({ fresh })).accessToken;
      },
    });

    const groups = await graph.getJson<GraphPage<{ id: string }>>("/v1.0/groups?$select=id");
    expect(groups.value).toHaveLength(2);
    expect(attempts).toEqual([
      { status: 403, retrying: true },
      { status: 200, retrying: false },
    ]);
    // What the new token may not read either stays refused, with no token asked for again.
    const error = await graph.getJson("/v1.0/roleManagement/directory/roleAssignments").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, code: "Authorization_RequestDenied" });
    expect(asked).toEqual([false, true, false]);
    expect(graph.requestCount).toBe(3);
  });

  it("leaves a denial standing when the token endpoint fails to renew, and asks again at the next", async () => {
    const asked: boolean[] = [];
    let renewals = 0;
    const { graph } = client({
      token: async (fresh) => {
        asked.push(fresh);
        if (fresh && renewals++ === 0) throw new Error("the token endpoint is unreachable");
        return accessToken;
      },
    });
    for (let i = 0; i < 2; i++) {
      const error = await graph.getJson("/v1.0/groups?$top=1&$select=id").catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "GraphError", status: 403, code: "Authorization_RequestDenied" });
    }
    expect(asked).toEqual([false, true, false, true]);
    expect(graph.requestCount).toBe(2);
  });

  it("sends a denied request again at most once, whatever the tokens it is given", async () => {
    // The token renewed after the denial is refused (expired): the request gets a fresh one for the
    // 401 and, denied again, is not sent once more with the refused one, which would end it on a 401.
    const fresh = ["not-a-valid-token", accessToken];
    const { graph } = client({ token: async (renew) => (renew ? (fresh.shift() ?? accessToken) : `${accessToken}`) });
    const error = await graph.getJson("/v1.0/groups?$top=1&$select=id").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, code: "Authorization_RequestDenied" });
    expect(graph.requestCount).toBe(3);
    // The refused renewal is forgotten: the next denial asks for a token anew.
    fresh.push(accessToken);
    await graph.getJson("/v1.0/groups?$top=1&$select=id").catch(() => undefined);
    expect(fresh).toEqual([]);
    expect(graph.requestCount).toBe(4);
  });

  it("refuses a link to another origin without sending the token", async () => {
    const sent: string[] = [];
    const { graph } = client({
      fetch: async (input, init) => {
        sent.push(String(input));
        return fetch(input, init);
      },
    });
    const tampered = "https://evil.example/v1.0/users?$skiptoken=abc";
    const error = await graph.getJson(tampered).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "GraphError", code: "untrustedLink", retryable: false });
    const sameHostOtherPort = new URL(emu.url);
    sameHostOtherPort.port = String(Number(sameHostOtherPort.port) + 1);
    await expect(graph.getJson(`${sameHostOtherPort.origin}/v1.0/users`)).rejects.toThrow(/links must stay on/);
    expect(sent).toEqual([]);
  });

  it("sends the bearer token, Accept, and x-ms-throttle-priority: Low for background work", async () => {
    const headers: Headers[] = [];
    const recording: typeof fetch = async (input, init) => {
      headers.push(new Headers(init?.headers));
      return fetch(input, init);
    };
    await client({ fetch: recording, priority: "Low" }).graph.getJson("/v1.0/users?$top=1&$select=id");
    await client({ fetch: recording }).graph.getJson("/v1.0/users?$top=1&$select=id");
    expect(headers[0]?.get("authorization")).toBe(`Bearer ${accessToken}`);
    expect(headers[0]?.get("accept")).toBe("application/json");
    expect(headers[0]?.get("x-ms-throttle-priority")).toBe("Low");
    expect(headers[1]?.has("x-ms-throttle-priority")).toBe(false);
  });
});

describe("GraphClient deadlines", () => {
  const short = { headersMs: 200, bodyMs: 200 };

  it("retries a request that is accepted and never answered, then reads the page", async () => {
    emu.faults.hang(1);
    const attempts: [number, boolean][] = [];
    const { graph, waits } = client({ deadlines: short, onAttempt: (status, retrying) => attempts.push([status, retrying]) });
    const page = await graph.getJson<GraphPage<{ id: string }>>("/v1.0/users?$top=2&$select=id");
    expect(page.value).toHaveLength(2);
    expect(attempts).toEqual([
      [0, true],
      [200, false],
    ]);
    expect(waits).toHaveLength(1);
    // The emulator saw the first attempt abandoned without an answer.
    await expect
      .poll(() => emu.requests.filter((r) => r.path === "/v1.0/users").slice(-2).map((r) => r.status))
      .toEqual([0, 200]);
  });

  it("retries a response whose body stops arriving", async () => {
    emu.faults.stallBody(1);
    const { graph } = client({ deadlines: short });
    const page = await graph.getJson<GraphPage<{ id: string }>>("/v1.0/users?$top=2&$select=id");
    expect(page.value).toHaveLength(2);
    expect(graph.requestCount).toBe(2);
  });

  it("gives up after maxRetries with a retryable timeout that names the wait", async () => {
    emu.faults.hang(3);
    const { graph } = client({ deadlines: short, maxRetries: 1 });
    const error = await graph.getJson("/v1.0/users?$top=1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 0, code: "timeout", retryable: true });
    expect((error as Error).message).toMatch(/did not answer in time \(\/v1\.0\/users\) after 2 attempts: .* sent no response within 0\.2 s/);
    expect(graph.requestCount).toBe(2);
  });

  it("stops at once, unretried, when its signal aborts during a hung request", async () => {
    emu.faults.hang(1);
    const shutdown = new AbortController();
    const { graph, waits } = client({ signal: shutdown.signal });
    const pending = graph.getJson("/v1.0/users?$top=1").catch((e: unknown) => e);
    await expect.poll(() => emu.faults.pending()).toBe(0);
    shutdown.abort(new Error("shutting down"));
    expect(await pending).toMatchObject({ message: "shutting down" });
    expect(waits).toEqual([]);
    expect(graph.requestCount).toBe(1);
  });
});
