// The Entra v2.0 endpoints msal-node uses for client credentials: OpenID discovery and /token,
// where an app proves itself with a secret or a client assertion (client-assertion.ts).
import type { JWK } from "jose";
import type { AccessTokens } from "./access-token.js";
import { decodeAssertion, judgeClientAssertion } from "./client-assertion.js";
import { readBody, sendJson, type Exchange } from "./http.js";
import type { Tenant } from "./tenant.js";

export interface TenantLookup {
  /** By tenant id or one of its domains, case-insensitively. */
  find(idOrDomain: string): Tenant | undefined;
  all(): Iterable<Tenant>;
}

const GRAPH_RESOURCES = ["https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000"];
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export interface TokenEndpointOptions {
  readonly baseUrl: string;
  readonly tenants: TenantLookup;
  readonly tokens: AccessTokens;
  /** Entra's clock, in seconds (tests may set it apart from the caller's). */
  readonly now: () => number;
  /** The keys an external identity provider publishes, by issuer. */
  readonly issuerKeys: (issuer: string) => readonly JWK[];
}

export function sendOpenIdConfiguration(ex: Exchange, baseUrl: string, tenantSegment: string, tenants: TenantLookup): void {
  const tenant = tenants.find(tenantSegment);
  if (!tenant) {
    sendTokenError(ex, baseUrl, 400, "invalid_tenant", 90002, tenantNotFound(tenantSegment));
    return;
  }
  // Like Entra, the endpoints name the tenant by id even when it was looked up by domain.
  const authority = `${baseUrl}/${tenant.tenantId}`;
  sendJson(ex, 200, {
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${authority}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${authority}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${baseUrl}/oidc/userinfo`,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    claims_supported: ["sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "nonce", "tid", "ver", "oid"],
    tenant_region_scope: "EU",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: new URL(baseUrl).host,
  });
}

/** The JWKS document; empty, because the emulator signs with a shared secret nobody else verifies. */
export function sendKeys(ex: Exchange): void {
  sendJson(ex, 200, { keys: [] });
}

export async function handleTokenRequest(ex: Exchange, tenantSegment: string, options: TokenEndpointOptions): Promise<void> {
  const { baseUrl, tenants, tokens } = options;
  const form = new URLSearchParams(await readBody(ex.req));
  // msal-node sends its correlation id as a parameter rather than a header.
  ex.clientRequestId = form.get("client-request-id") ?? ex.clientRequestId;
  const fail = (status: number, error: string, code: number, description: string) =>
    sendTokenError(ex, baseUrl, status, error, code, description);

  const tenant = tenants.find(tenantSegment);
  if (!tenant) return fail(400, "invalid_request", 90002, tenantNotFound(tenantSegment));
  const grantType = form.get("grant_type");
  if (grantType !== "client_credentials") {
    return fail(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType ?? ""}'.`);
  }
  if (tenant.nationalCloud) {
    return fail(400, "invalid_request", 900382, "Confidential Client is not supported in Cross Cloud request.");
  }
  const clientId = form.get("client_id")?.toLowerCase();
  if (!clientId) return fail(400, "invalid_request", 900144, missingParameter("client_id"));
  const app = tenant.app(clientId);
  if (!app) {
    const home = [...tenants.all()].map((t) => t.app(clientId)).find((a) => a !== undefined);
    if (home?.multiTenant) {
      return fail(
        401,
        "invalid_client",
        7000229,
        `The client application ${clientId} is missing service principal in the tenant ${tenant.tenantId}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
      );
    }
    return fail(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant.domains[0] ?? tenant.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  const assertion = form.get("client_assertion");
  const secret = form.get("client_secret");
  if (assertion !== null) {
    if (form.get("client_assertion_type") !== JWT_BEARER) {
      return fail(400, "invalid_request", 900144, missingParameter("client_assertion_type"));
    }
    ex.clientAssertion = decodeAssertion(assertion);
    const refused = await judgeClientAssertion(assertion, ex.clientAssertion, {
      app,
      tokenEndpoints: tokenEndpoints(baseUrl, tenant),
      now: options.now(),
      issuerKeys: options.issuerKeys,
    });
    if (refused) return fail(refused.status, refused.error, refused.code, refused.description);
  } else if (!secret) {
    return fail(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  } else if (secret !== app.secret) {
    return fail(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  } else if (app.secretExpired) {
    return fail(
      401,
      "invalid_client",
      7000222,
      `The provided client secret keys for app '${app.clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
    );
  }
  // Entra judges the app's state and its policies once it knows who is asking.
  if (!app.enabled) return fail(400, "unauthorized_client", 7000112, `Application '${app.clientId}' is disabled.`);
  if (app.blockedByConditionalAccess) {
    return fail(
      400,
      "invalid_grant",
      53003,
      "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
    );
  }
  const scope = form.get("scope");
  if (!scope) return fail(400, "invalid_request", 900144, missingParameter("scope"));
  const scopes = scope.split(" ").filter(Boolean);
  if (scopes.length !== 1 || !scopes[0]?.endsWith("/.default")) {
    return fail(
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const resource = scopes[0].slice(0, -"/.default".length);
  if (!isGraphResource(resource, baseUrl)) return fail(400, "invalid_resource", 500011, resourceNotFound(resource, tenant));
  sendJson(ex, 200, {
    token_type: "Bearer",
    expires_in: tokens.lifetimeSeconds,
    ext_expires_in: tokens.lifetimeSeconds,
    access_token: await tokens.issue(tenant, app),
  });
}

/** The emulator is Graph, so its own origin is a name for the Graph resource too. */
export function isGraphResource(resource: string, baseUrl: string): boolean {
  const name = resource.replace(/\/$/, "");
  return GRAPH_RESOURCES.includes(name) || name === baseUrl;
}

export function resourceNotFound(resource: string, tenant: Tenant): string {
  return `The resource principal named ${resource} was not found in the tenant named ${tenant.domains[0] ?? tenant.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`;
}

/** The token endpoint's URLs (v2.0 and v1), by tenant id and by each domain: a client assertion's audiences. */
function tokenEndpoints(baseUrl: string, tenant: Tenant): string[] {
  return [tenant.tenantId, ...tenant.domains].flatMap((segment) =>
    ["oauth2/v2.0/token", "oauth2/token"].map((path) => `${baseUrl}/${segment}/${path}`.toLowerCase()),
  );
}

function tenantNotFound(tenant: string): string {
  return `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`;
}

function missingParameter(name: string): string {
  return `The request body must contain the following parameter: '${name}'.`;
}

/** Entra's OAuth error body: the AADSTS code leads `error_description` and is `error_codes[0]`. */
function sendTokenError(
  ex: Exchange,
  baseUrl: string,
  status: number,
  error: string,
  code: number,
  description: string,
): void {
  const timestamp = new Date().toISOString().replace("T", " ").slice(0, 19) + "Z";
  sendJson(ex, status, {
    error,
    error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${ex.requestId}\r\nCorrelation ID: ${ex.clientRequestId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: ex.requestId,
    correlation_id: ex.clientRequestId,
    error_uri: `${baseUrl}/error?code=${code}`,
  });
}
