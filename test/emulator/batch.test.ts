// JSON batching: each request of a batch answered as if it had come alone (permissions, faults,
// paging), the batch refused whole when malformed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEntraEmulator, type EntraEmulator } from "./server.js";
import { acquireToken, graphGet } from "./support.js";

const TENANT = "77777777-7777-4777-8777-777777777777";
const APP = "88888888-8888-4888-8888-888888888888";
const USERS_ONLY_APP = "99999999-9999-4999-8999-999999999999";

let emu: EntraEmulator;
let token: string;
let usersOnlyToken: string;
let agent: string;

beforeAll(async () => {
  emu = await startEntraEmulator();
  const tenant = emu.addTenant({ tenantId: TENANT });
  tenant.registerApp({ clientId: APP, secret: "s3cret", permissions: ["Directory.Read.All"] });
  tenant.registerApp({ clientId: USERS_ONLY_APP, secret: "s3cret", permissions: ["User.Read.All"] });
  const owners = ["Ada", "Grace", "Edsger"].map((displayName) => tenant.hireUser({ displayName }).id);
  agent = tenant.addServicePrincipal({ displayName: "Invoice Agent", owners }).id;
  token = await acquireToken(emu, TENANT, APP, "s3cret");
  usersOnlyToken = await acquireToken(emu, TENANT, USERS_ONLY_APP, "s3cret");
});

beforeEach(() => emu.faults.clear());

afterAll(() => emu.close());

async function batch(body: unknown, bearer: string | null = token, method = "POST") {
  const response = await fetch(`${emu.url}/v1.0/$batch`, {
    method,
    headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), "content-type": "application/json" },
    ...(method === "POST" ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const get = (id: string, url: string) => ({ id, method: "GET", url });

describe("$batch", () => {
  it("answers each request as it would be answered alone, relative urls with or without a leading slash", async () => {
    const owners = `/servicePrincipals/${agent}/owners?$select=id,displayName`;
    const { status, body } = await batch({ requests: [get("a", owners), get("b", "users?$top=1&$select=displayName")] });
    expect(status).toBe(200);
    const alone = await graphGet(`${emu.url}/v1.0${owners}`, token);
    const [a, b] = body.responses;
    expect(a).toMatchObject({ id: "a", status: 200, headers: { "Content-Type": "application/json; charset=utf-8" } });
    expect(a.body.value).toEqual(alone.body.value);
    expect(a.body.value.map((owner: { displayName: string }) => owner.displayName).sort()).toEqual(["Ada", "Edsger", "Grace"]);
    expect(b).toMatchObject({ id: "b", status: 200 });
    expect(b.body.value).toHaveLength(1);
  });

  it("checks each request's permission with the batch's token", async () => {
    const { status, body } = await batch({ requests: [get("1", "/users?$select=id"), get("2", "/groups?$select=id")] }, usersOnlyToken);
    expect(status).toBe(200);
    expect(body.responses.map((r: { status: number }) => r.status)).toEqual([200, 403]);
    expect(body.responses[1].body.error.code).toBe("Authorization_RequestDenied");
  });

  it("throttles a batched request on its own, with Retry-After in its headers", async () => {
    emu.faults.throttle(1, "2", { pathPrefix: "/v1.0/servicePrincipals/" });
    const { status, body } = await batch({ requests: [get("users", "/users?$select=id"), get("owners", `/servicePrincipals/${agent}/owners`)] });
    expect(status).toBe(200);
    const [users, owners] = body.responses;
    expect(users.status).toBe(200);
    expect(owners).toMatchObject({ status: 429, headers: { "Retry-After": "2" }, body: { error: { code: "TooManyRequests" } } });
  });

  it("pages a batched list with an absolute nextLink, followed in a later batch as a relative url", async () => {
    const first = (await batch({ requests: [get("1", `/servicePrincipals/${agent}/owners?$top=2&$select=id`)] })).body.responses[0];
    expect(first.body.value).toHaveLength(2);
    const nextLink: string = first.body["@odata.nextLink"];
    expect(nextLink.startsWith(`${emu.url}/v1.0/servicePrincipals/${agent}/owners?`)).toBe(true);
    const relative = nextLink.slice(`${emu.url}/v1.0`.length);
    const second = (await batch({ requests: [get("1", relative)] })).body.responses[0];
    expect(second.status).toBe(200);
    expect(second.body.value).toHaveLength(1);
    expect(second.body["@odata.nextLink"]).toBeUndefined();
  });

  it("logs each batched request apart from the batch itself", async () => {
    const requests = emu.requests.length;
    const batched = emu.batchedRequests.length;
    await batch({ requests: [get("1", "/users?$select=id"), get("2", "/nowhere")] });
    expect(emu.requests.slice(requests).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(["POST /v1.0/$batch 200"]);
    expect(emu.batchedRequests.slice(batched).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "GET /v1.0/users 200",
      "GET /v1.0/nowhere 400",
    ]);
  });

  it("refuses more than 20 requests, malformed payloads, repeated ids and absolute urls with 400", async () => {
    const many = Array.from({ length: 21 }, (_, i) => get(String(i), "/users"));
    const refusals = [
      { requests: many },
      "{ not json",
      { requests: [] },
      { value: [get("1", "/users")] },
      { requests: [{ id: "1", url: "/users" }] },
      { requests: [get("1", "/users"), get("1", "/groups")] },
      { requests: [get("1", `${emu.url}/v1.0/users`)] },
    ];
    for (const body of refusals) {
      const answer = await batch(body);
      expect([answer.status, answer.body.error.code]).toEqual([400, "BadRequest"]);
    }
    expect((await batch({ requests: many })).body.error.message).toContain("maximum of 20");
    expect((await batch({ requests: many.slice(0, 20) })).body.responses).toHaveLength(20);
  });

  it("refuses a batch without a valid token as a whole, and any method but POST", async () => {
    expect((await batch({ requests: [get("1", "/users")] }, null)).status).toBe(401);
    expect((await batch(undefined, token, "GET")).status).toBe(405);
  });
});
