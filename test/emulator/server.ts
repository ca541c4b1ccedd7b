// The emulator: one HTTPS server that is both the Entra token authority and Microsoft Graph, and
// a plain HTTP server on 127.0.0.1 that is the managed identity endpoint of the resource the
// process runs on (as App Service serves it).
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo, Server } from "node:net";
import type { JWK } from "jose";
import { AccessTokens, TOKEN_LIFETIME_SECONDS } from "./access-token.js";
import { FaultPlan, sendFault, type Faults } from "./faults.js";
import { handleBatch } from "./batch.js";
import { handleGraph, signIn, type GraphOptions } from "./graph.js";
import { createExchange, sendGraphError, sendJson, type Exchange, type RequestRecord } from "./http.js";
import { ManagedIdentityEndpoint, type ManagedIdentityHost } from "./managed-identity.js";
import { Paging } from "./paging.js";
import { Tenant, type TenantOptions } from "./tenant.js";
import { loadServerCertificate } from "./tls.js";
import { handleTokenRequest, sendKeys, sendOpenIdConfiguration, type TenantLookup } from "./token-endpoint.js";

export interface EntraEmulatorOptions {
  /** Items per delta page. Default 100. */
  readonly pageSize?: number;
  /** Most members in one `members@delta` item; bigger groups are split. Default 20. */
  readonly memberPageSize?: number;
  /** Default: the certificate global-setup.ts made, found through ENTRA_EMULATOR_TLS_DIR. */
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
  /**
   * Lifetime of the access tokens issued. Default 3599 s, as Entra; under 300 s msal-node asks
   * for a new token on every request (it renews five minutes before expiry).
   */
  readonly tokenLifetimeSeconds?: number;
}

export interface EntraEmulator {
  /** `https://localhost:PORT`: the authority host and the Graph base URL alike. */
  readonly url: string;
  readonly faults: Faults;
  /** Every request, in the order their responses ended. */
  readonly requests: readonly RequestRecord[];
  /** Every request sent inside a `$batch` (the batch itself is in `requests`), in the order they ran. */
  readonly batchedRequests: readonly RequestRecord[];
  /** The managed identity endpoint (`/msi/token`; faults reach it with pathPrefix "/msi/"). */
  readonly managedIdentity: ManagedIdentityHost;
  /**
   * Publishes an external identity provider's signing keys, as Entra would fetch them from the
   * issuer's JWKS, so that federated credentials naming the issuer can verify its tokens.
   */
  trustIssuer(issuer: string, keys: readonly JWK[]): void;
  /** Sets Entra's clock this many seconds ahead of the caller's (negative: behind). */
  setClockOffset(seconds: number): void;
  addTenant(options: TenantOptions): Tenant;
  /** By tenant id or domain. */
  tenant(idOrDomain: string): Tenant | undefined;
  close(): Promise<void>;
}

export async function startEntraEmulator(options: EntraEmulatorOptions = {}): Promise<EntraEmulator> {
  const tls = options.tls ?? defaultCertificate();
  const tenants = new Map<string, Tenant>();
  const lookup: TenantLookup = {
    find: (idOrDomain) => tenants.get(idOrDomain.toLowerCase()),
    all: () => new Set(tenants.values()),
  };
  const tokens = new AccessTokens(options.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS);
  const requests: RequestRecord[] = [];
  const batchedRequests: RequestRecord[] = [];
  let baseUrl = "";
  let clockOffsetSeconds = 0;
  const issuers = new Map<string, readonly JWK[]>();
  const paging = new Paging(() => baseUrl);
  const faults = new FaultPlan((kind) => paging.expireDeltaTokens(kind));
  const managedIdentity = new ManagedIdentityEndpoint(tokens, () => baseUrl, lookup);

  /** Both servers: the request log, then a planned fault, else the route. */
  const serve = (origin: () => string, routeTo: (ex: Exchange) => Promise<void>) => (req: IncomingMessage, res: ServerResponse) => {
    const ex = createExchange(req, res, origin());
    res.on("close", () => {
      requests.push({
        method: req.method ?? "",
        path: ex.url.pathname,
        query: ex.url.search,
        status: res.writableFinished ? res.statusCode : 0,
        ...(ex.clientAssertion ? { clientAssertion: ex.clientAssertion } : {}),
        ...(typeof req.headers["x-ms-throttle-priority"] === "string" ? { priority: req.headers["x-ms-throttle-priority"] } : {}),
      });
    });
    const fault = faults.take(ex.url.pathname);
    if (fault?.kind === "drop") {
      req.socket.destroy();
      return;
    }
    // Accepted and never answered: the socket stays open until the caller or close() ends it.
    if (fault?.kind === "hang") return;
    if (fault?.kind === "stall") {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      res.write('{"value":[');
      return;
    }
    const answer = () =>
      routeTo(ex).catch((error: unknown) => {
        console.error("entra emulator: request failed", error);
        if (!res.headersSent) sendGraphError(ex, 500, "generalException", String(error));
        else res.destroy();
      });
    if (fault?.kind === "hold") {
      void fault.held.enter().then(answer);
      return;
    }
    if (fault) {
      sendFault(ex, fault.status, fault.retryAfter);
      return;
    }
    void answer();
  };

  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, serve(() => baseUrl, route));
  let identityOrigin = "";
  const identityServer = createHttpServer(serve(() => identityOrigin, (ex) => managedIdentity.handle(ex)));

  const graphOptions = (): GraphOptions => ({
    baseUrl,
    tenants: lookup,
    tokens,
    paging,
    pageSize: options.pageSize ?? 100,
    memberPageSize: options.memberPageSize ?? 20,
  });

  async function route(ex: Exchange): Promise<void> {
    const path = ex.url.pathname;
    if (path === "/v1.0/$batch") {
      return handleBatch(ex, {
        route: (one) => handleGraph(one, graphOptions()),
        signIn: async (batch) => (await signIn(batch, graphOptions())) !== undefined,
        faults,
        record: (request) => batchedRequests.push(request),
      });
    }
    if (path.startsWith("/v1.0/")) return handleGraph(ex, graphOptions());
    const [tenantSegment, ...rest] = path.split("/").filter(Boolean).map(decodeURIComponent);
    const endpoint = `${ex.req.method} ${rest.join("/")}`;
    if (tenantSegment && endpoint === "GET v2.0/.well-known/openid-configuration") {
      return sendOpenIdConfiguration(ex, baseUrl, tenantSegment, lookup);
    }
    if (tenantSegment && endpoint === "POST oauth2/v2.0/token") {
      return handleTokenRequest(ex, tenantSegment, {
        baseUrl,
        tenants: lookup,
        tokens,
        now: () => Math.floor(Date.now() / 1000) + clockOffsetSeconds,
        issuerKeys: (issuer) => issuers.get(issuer) ?? [],
      });
    }
    if (tenantSegment && endpoint === "GET discovery/v2.0/keys") return sendKeys(ex);
    sendJson(ex, 404, { error: "not_found", error_description: `The emulator does not serve ${endpoint}.` });
  }

  baseUrl = `https://localhost:${await listen(server)}`;
  identityOrigin = `http://127.0.0.1:${await listen(identityServer)}`;
  managedIdentity.listening(identityOrigin);

  return {
    url: baseUrl,
    faults,
    requests,
    batchedRequests,
    managedIdentity,
    trustIssuer(issuer, keys) {
      issuers.set(issuer, keys);
    },
    setClockOffset(seconds) {
      clockOffsetSeconds = seconds;
    },
    addTenant(tenantOptions) {
      const tenant = new Tenant(tenantOptions);
      for (const key of [tenant.tenantId, ...tenant.domains.map((d) => d.toLowerCase())]) {
        if (tenants.has(key)) throw new Error(`tenant ${key} already exists`);
      }
      for (const key of [tenant.tenantId, ...tenant.domains]) tenants.set(key.toLowerCase(), tenant);
      return tenant;
    },
    tenant: lookup.find,
    async close() {
      await Promise.all([server, identityServer].map(stop));
    },
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return (server.address() as AddressInfo).port;
}

function stop(server: Server & { closeAllConnections(): void }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

function defaultCertificate(): { certPem: string; keyPem: string } {
  const dir = process.env.ENTRA_EMULATOR_TLS_DIR;
  if (!dir) {
    throw new Error(
      "ENTRA_EMULATOR_TLS_DIR is not set: run under vitest with test/emulator/global-setup.ts, or pass options.tls",
    );
  }
  return loadServerCertificate(dir);
}
