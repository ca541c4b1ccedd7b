// Injected faults: throttling with Retry-After, outages, dropped connections, answers that never
// come, and the request log.
import { ServerError } from "@azure/msal-node";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEntraEmulator, type EntraEmulator } from "./server.js";
import { acquireToken, graphGet, GRAPH_SCOPE, msalClient } from "./support.js";

const TENANT = "55555555-5555-4555-8555-555555555555";
const APP = "66666666-6666-4666-8666-666666666666";

let emu: EntraEmulator;
let token: string;

beforeAll(async () => {
  emu = await startEntraEmulator();
  const tenant = emu.addTenant({ tenantId: TENANT, domains: ["contoso.com"] });
  tenant.registerApp({ clientId: APP, secret: "s3cret", permissions: ["Directory.Read.All"] });
  tenant.hireUser({ displayName: "Only User" });
  token = await acquireToken(emu, TENANT, APP, "s3cret");
});

beforeEach(() => emu.faults.clear());

afterAll(() => emu.close());

const users = () => `${emu.url}/v1.0/users?$top=1&$select=id`;

describe("faults", () => {
  it("throttles the next n Graph requests with 429 and a fractional Retry-After", async () => {
    emu.faults.throttle(2);
    // The token endpoint is not Graph, so it is not throttled by default.
    await expect(acquireToken(emu, TENANT, APP, "s3cret")).resolves.toBeTruthy();
    for (let i = 0; i < 2; i++) {
      const { status, headers, body } = await graphGet(users(), token);
      expect(status).toBe(429);
      expect(headers.get("retry-after")).toBe("0.05");
      expect(body.error.code).toBe("TooManyRequests");
    }
    expect((await graphGet(users(), token)).status).toBe(200);
  });

  it("gives Retry-After as an HTTP date when asked", async () => {
    const when = new Date(Date.now() + 2000);
    emu.faults.throttle(1, when);
    const { headers } = await graphGet(users(), token);
    expect(headers.get("retry-after")).toBe(when.toUTCString());
  });

  it("answers 503 or 504, with Retry-After only when given", async () => {
    emu.faults.unavailable(1, 503, 1);
    emu.faults.unavailable(1, 504);
    const first = await graphGet(users(), token);
    expect([first.status, first.headers.get("retry-after"), first.body.error.code]).toEqual([503, "1", "serviceNotAvailable"]);
    const second = await graphGet(users(), token);
    expect([second.status, second.headers.get("retry-after")]).toEqual([504, null]);
  });

  it("drops connections without a response, logged with status 0", async () => {
    emu.faults.dropConnections(1);
    await expect(fetch(users(), { headers: { authorization: `Bearer ${token}` } })).rejects.toThrow();
    expect((await graphGet(users(), token)).status).toBe(200);
    const recent = emu.requests.slice(-2).map((r) => r.status);
    expect(recent).toEqual([0, 200]);
  });

  it("accepts a hung request and never answers it, until the caller gives up", async () => {
    emu.faults.hang(1);
    const gaveUp = new AbortController();
    const pending = fetch(users(), { headers: { authorization: `Bearer ${token}` }, signal: gaveUp.signal });
    await expect.poll(() => emu.faults.pending()).toBe(0);
    const outcome = await Promise.race([pending.then(() => "answered"), delay(200).then(() => "waiting")]);
    expect(outcome).toBe("waiting");
    gaveUp.abort();
    await expect(pending).rejects.toThrow();
    await expect.poll(() => emu.requests.at(-1)).toMatchObject({ path: "/v1.0/users", status: 0 });
    expect((await graphGet(users(), token)).status).toBe(200);
  });

  it("stalls a body after its headers", async () => {
    emu.faults.stallBody(1);
    const gaveUp = new AbortController();
    const response = await fetch(users(), { headers: { authorization: `Bearer ${token}` }, signal: gaveUp.signal });
    expect(response.status).toBe(200);
    const body = response.text();
    const outcome = await Promise.race([body.then(() => "complete"), delay(200).then(() => "waiting")]);
    expect(outcome).toBe("waiting");
    gaveUp.abort();
    await expect(body).rejects.toThrow();
    await expect.poll(() => emu.requests.at(-1)).toMatchObject({ path: "/v1.0/users", status: 0 });
  });

  it("targets a path prefix, which may be the token endpoint", async () => {
    emu.faults.throttle(1, "0", { pathPrefix: "/v1.0/groups" });
    expect((await graphGet(users(), token)).status).toBe(200);
    expect((await graphGet(`${emu.url}/v1.0/groups`, token)).status).toBe(429);

    // msal-node does not retry a 5xx token response itself: one outage surfaces as one ServerError.
    emu.faults.unavailable(1, 503, "0", { pathPrefix: `/${TENANT}/oauth2/` });
    const before = emu.requests.length;
    const error = await msalClient(emu, TENANT, APP, "s3cret")
      .acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(503);
    const tokenCalls = emu.requests.slice(before).filter((r) => r.path.endsWith("/token"));
    expect(tokenCalls.map((r) => r.status)).toEqual([503]);
  });

  it("logs every request with method, path, query and status", async () => {
    const before = emu.requests.length;
    await graphGet(users(), token);
    expect(emu.requests.slice(before)).toEqual([
      { method: "GET", path: "/v1.0/users", query: "?$top=1&$select=id", status: 200 },
    ]);
  });
});
