// The emulator: one HTTPS server that is both the Entra token authority and Microsoft Graph, and
// a plain HTTP server on 127.0.0.1 that is the managed identity endpoint of the resource the
// process runs on (as App Service serves it).
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo, Server } from "node:net";
import type { JWK } from "jose";
import { AccessTokens, TOKEN_LIFETIME_SECONDS } from "./access-token.js";
import type { DecodedAssertion } from "./client-assertion.js";
import { FaultPlan, type Faults } from "./faults.js";
import { handleGraph } from "./graph.js";
import { createExchange, sendGraphError, sendJson, type Exchange } from "./http.js";
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

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  /** The query string, with its "?", or "". */
  readonly query: string;
  /** 0 when the connection was dropped without a response. */
  readonly status: number;
  /** The `client_assertion` of a token request, decoded: what msal sent. */
  readonly clientAssertion?: DecodedAssertion;
}

export interface EntraEmulator {
  /** `https://localhost:PORT`: the authority host and the Graph base URL alike. */
  readonly url: string;
  readonly faults: Faults;
  /** Every request, in the order their responses ended. */
  readonly requests: readonly RequestRecord[];
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
    if (fault) {
      sendFault(ex, fault.status, fault.retryAfter);
      return;
    }
    routeTo(ex).catch((error: unknown) => {
      console.error("entra emulator: request failed", error);
      if (!res.headersSent) sendGraphError(ex, 500, "generalException", String(error));
      else res.destroy();
    });
  };

  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, serve(() => baseUrl, route));
  let identityOrigin = "";
  const identityServer = createHttpServer(serve(() => identityOrigin, (ex) => managedIdentity.handle(ex)));

  async function route(ex: Exchange): Promise<void> {
    const path = ex.url.pathname;
    if (path.startsWith("/v1.0/")) {
      return handleGraph(ex, {
        baseUrl,
        tenants: lookup,
        tokens,
        paging,
        pageSize: options.pageSize ?? 100,
        memberPageSize: options.memberPageSize ?? 20,
      });
    }
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

const FAULT_CODES: Readonly<Record<number, [code: string, message: string]>> = {
  429: ["TooManyRequests", "Too many requests. Retry after the time given in the Retry-After header."],
  500: ["generalException", "An unexpected error occurred."],
  502: ["BadGateway", "The service could not be reached."],
  503: ["serviceNotAvailable", "The service is temporarily unavailable. Retry the request later."],
  504: ["gatewayTimeout", "The request timed out."],
};

function sendFault(ex: Exchange, status: number, retryAfter: string | undefined): void {
  const [code, message] = FAULT_CODES[status] ?? ["UnknownError", `Injected failure ${status}.`];
  sendGraphError(ex, status, code, message, retryAfter === undefined ? {} : { "retry-after": retryAfter });
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
