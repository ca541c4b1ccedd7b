// Microsoft Graph access tokens for one integration (client credentials through msal-node), and
// the token endpoint's refusals translated into what an admin has to fix.
//
// Security: the client secret goes only to msal-node. It is never logged, never copied into an
// error, and the authority it is sent to comes from configuration (see clouds.ts).
import { AuthError, ConfidentialClientApplication, ServerError } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { ConfigError } from "../config.js";

export interface GraphToken {
  readonly accessToken: string;
  /** Application permissions granted by admin consent (the `roles` claim); empty without consent. */
  readonly roles: string[];
  /** The tenant that issued the token (the `tid` claim). */
  readonly tenantId: string;
  readonly expiresOn: Date;
}

export interface TokenSource {
  /** A cached token while it is valid, else a fresh one; throws EntraAuthError. */
  getToken(): Promise<GraphToken>;
}

export interface TokenSourceOptions {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Origin of the token authority, from configuration only. */
  readonly authorityHost: string;
  /** Origin of Microsoft Graph; the token is requested for `${graphBaseUrl}/.default`. */
  readonly graphBaseUrl: string;
}

export type EntraAuthFailure =
  | "UNKNOWN_TENANT"
  | "UNKNOWN_CLIENT"
  | "WRONG_SECRET"
  | "EXPIRED_SECRET"
  | "APP_NOT_IN_TENANT"
  | "UNREACHABLE"
  | "REFUSED";

/** The token endpoint refused the credentials, or could not be reached. */
export class EntraAuthError extends Error {
  override readonly name = "EntraAuthError";
  readonly code = "ENTRA_AUTH_FAILED";

  constructor(
    readonly reason: EntraAuthFailure,
    message: string,
    /** What the admin should do about it, in the seed's troubleshooting words. */
    readonly hint: string,
    /** The Entra error code, e.g. "AADSTS7000215", when the token endpoint gave one. */
    readonly aadsts?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

// Tenant ids are GUIDs or verified domain names; anything else would reshape the authority URL.
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { tenantId, clientId, clientSecret, authorityHost, graphBaseUrl } = options;
  const host = new URL(authorityHost);
  if (host.protocol !== "https:") {
    throw new ConfigError(`The Entra authority host must be an https URL, not ${host.origin}`);
  }
  const authority = `${host.origin}/${encodeURIComponent(tenantId)}`;
  const app = new ConfidentialClientApplication({
    auth: {
      clientId,
      clientSecret,
      authority,
      // Trusting the configured host skips instance discovery at login.microsoftonline.com.
      knownAuthorities: [host.host],
      // Given endpoints skip OpenID discovery, whose failure hides the AADSTS code
      // (an unknown tenant would surface as "openid_config_error"); the token endpoint names it.
      authorityMetadata: JSON.stringify(openIdConfiguration(authority)),
    },
  });
  const scopes = [`${new URL(graphBaseUrl).origin}/.default`];

  return {
    async getToken() {
      if (!TENANT_ID.test(tenantId)) throw failure("UNKNOWN_TENANT");
      let result;
      try {
        result = await app.acquireTokenByClientCredential({ scopes });
      } catch (error) {
        throw entraAuthError(error, host.host);
      }
      if (!result) throw failure("REFUSED");
      const claims = decodeJwt(result.accessToken);
      return {
        accessToken: result.accessToken,
        roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [],
        tenantId: typeof claims.tid === "string" ? claims.tid : result.tenantId,
        expiresOn: result.expiresOn ?? new Date((claims.exp ?? 0) * 1000),
      };
    },
  };
}

/** The endpoints msal-node would otherwise discover, laid out as Entra publishes them. */
function openIdConfiguration(authority: string) {
  return {
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    jwks_uri: `${authority}/discovery/v2.0/keys`,
    issuer: `${authority}/v2.0`,
  };
}

// The reasons the token endpoint gives, by AADSTS number (`error_codes[0]` of its error body).
const FAILURE_BY_AADSTS: Readonly<Record<string, EntraAuthFailure>> = {
  "90002": "UNKNOWN_TENANT",
  "900023": "UNKNOWN_TENANT",
  "700016": "UNKNOWN_CLIENT",
  "7000215": "WRONG_SECRET",
  "7000222": "EXPIRED_SECRET",
  "7000229": "APP_NOT_IN_TENANT",
};

/**
 * msal-node 7 throws a ServerError for an error body: `errorCode` is the OAuth `error`
 * ("invalid_client"), `errorNo` is `error_codes[0]` (7000215), `status` the HTTP status, and
 * `errorMessage` embeds the description ("AADSTS7000215: Invalid client secret ..."). Network
 * failures are AuthErrors with errorCode "network_error". After a 429/5xx msal refuses further
 * requests locally for a while with a ServerError that has no status.
 */
function entraAuthError(error: unknown, host: string): EntraAuthError {
  if (!(error instanceof AuthError)) return failure("UNREACHABLE", undefined, host, error);
  const aadsts = aadstsNumber(error);
  const status = error instanceof ServerError ? error.status : undefined;
  const unavailable =
    error.errorCode === "network_error" ||
    error.errorCode === "token_parsing_error" ||
    (error instanceof ServerError && (status === undefined || status === 429 || status >= 500));
  if (unavailable) return failure("UNREACHABLE", aadsts, host, error);
  return failure((aadsts && FAILURE_BY_AADSTS[aadsts]) || "REFUSED", aadsts, host, error);
}

function aadstsNumber(error: AuthError): string | undefined {
  if (error instanceof ServerError && error.errorNo !== undefined) return String(error.errorNo);
  return /AADSTS(\d+)/.exec(error.errorMessage)?.[1];
}

function failure(
  reason: EntraAuthFailure,
  aadsts?: string,
  host?: string,
  cause?: unknown,
): EntraAuthError {
  const code = aadsts ? `AADSTS${aadsts}` : undefined;
  const [message, hint] = WORDING[reason](code, host);
  return new EntraAuthError(reason, message, hint, code, { cause });
}

type Wording = (aadsts: string | undefined, host: string | undefined) => [string, string];

// Phrased after the seed's "Authentication Failed" troubleshooting.
const WORDING: Readonly<Record<EntraAuthFailure, Wording>> = {
  UNKNOWN_TENANT: (code) => [
    `Authentication failed: the tenant was not found${tag(code)}.`,
    "Verify the Tenant ID: use the Directory (tenant) ID shown on the app registration's Overview page.",
  ],
  UNKNOWN_CLIENT: (code) => [
    `Authentication failed: no application with this Client ID exists in the tenant${tag(code)}.`,
    "Verify the Client ID (the Application (client) ID) and that the app is registered in this tenant.",
  ],
  WRONG_SECRET: (code) => [
    `Authentication failed: the client secret is not valid for this application${tag(code)}.`,
    "Verify the Client Secret: paste the secret value, not its ID.",
  ],
  EXPIRED_SECRET: (code) => [
    `Authentication failed: the client secret has expired${tag(code)}.`,
    "Create a new client secret in Certificates & secrets and update the integration with its value.",
  ],
  APP_NOT_IN_TENANT: (code) => [
    `Authentication failed: the application has no service principal in the tenant${tag(code)}.`,
    "Ensure admin consent was granted: in the app registration, open API permissions and click Grant admin consent, which adds the app to the tenant.",
  ],
  UNREACHABLE: (code, host) => [
    `Microsoft Entra ID${host ? ` at ${host}` : ""} could not be reached or is unavailable${tag(code)}.`,
    "Check that this server can reach the Entra token endpoint, then try again in a few minutes.",
  ],
  REFUSED: (code) => [
    `Authentication failed: Microsoft Entra ID refused the credentials${tag(code)}.`,
    "Verify the Tenant ID, Client ID, and Client Secret are correct, and that the client secret hasn't expired.",
  ],
};

function tag(code: string | undefined): string {
  return code ? ` (${code})` : "";
}
