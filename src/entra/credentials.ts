// Microsoft Graph access tokens for one integration, whichever credential it has (see
// credentials/kinds.ts), and the token endpoint's refusals translated into what an admin has to
// fix (credentials/auth-errors.ts).
//
// Security: secrets and private keys go only to msal-node. They are never logged, never copied
// into an error, and the authority they are sent to comes from configuration (see clouds.ts).
import type { AuthenticationResult } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { ConfigError } from "../config.js";
import { TOKEN_DEADLINE_MS } from "./deadline-fetch.js";
import { authFailure, toEntraAuthError, type FailureContext } from "./credentials/auth-errors.js";
import { readCertificate } from "./credentials/certificate.js";
import { confidentialClientTokens, type AppCredential } from "./credentials/confidential-client.js";
import type { CredentialKind } from "../directory/credential-kinds.js";
import type { EntraCredential } from "./credentials/kinds.js";
import { managedIdentityTokens } from "./credentials/managed-identity.js";

// The public face of credentials/: what callers (integrations, CLI) need, from one place.
export { EntraAuthError, ENTRA_AUTH_FAILURES, type EntraAuthFailure } from "./credentials/auth-errors.js";
export { checkCredential, type CredentialDefaults } from "./credentials/check.js";
export { describeCredential, type CredentialDescription } from "./credentials/describe.js";
export { CredentialInputError } from "./credentials/input-error.js";
export type { EntraCredential, EntraCredentialInput } from "./credentials/kinds.js";

export interface GraphToken {
  readonly accessToken: string;
  /** Application permissions granted by admin consent (the `roles` claim); empty without consent. */
  readonly roles: string[];
  /** The tenant that issued the token (the `tid` claim). */
  readonly tenantId: string;
  /** The application or managed identity it was issued to (`appid`, or `azp` in a v2 token). */
  readonly clientId: string | undefined;
  readonly expiresOn: Date;
}

export interface TokenSource {
  /** The credential's kind: how an admin grants its permissions depends on it. */
  readonly kind: CredentialKind;
  /**
   * A cached token while it is valid, else a fresh one; with `fresh`, a new one from the endpoint
   * whatever msal's cache holds (a cached token keeps the permissions of the moment it was issued;
   * a managed identity's endpoint may still answer from a cache of its own). Throws EntraAuthError.
   */
  getToken(options?: { fresh?: boolean }): Promise<GraphToken>;
}

export interface TokenSourceOptions {
  readonly tenantId: string;
  /** The app registration's client id (unused by a managed identity, which has its own). */
  readonly clientId: string;
  /** Checked by checkCredential (credentials/check.ts) before it gets here. */
  readonly credential: EntraCredential;
  /** Origin of the token authority, from configuration only. */
  readonly authorityHost: string;
  /** Origin of Microsoft Graph; the token is requested for `${graphBaseUrl}/.default`. */
  readonly graphBaseUrl: string;
  /** Most milliseconds one token request waits for headers, and again for the body; default 30 s. */
  readonly tokenTimeoutMs?: number;
}

// Tenant ids are GUIDs or verified domain names; anything else would reshape the authority URL.
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

/**
 * A token source for one integration: a fresh msal client whose cache holds the token while it is
 * valid (a managed identity shares msal's process-wide cache). Throws CredentialInputError for a
 * certificate that cannot be read and ConfigError for a non-https authority; every failure to get
 * a token later is an EntraAuthError from getToken.
 */
export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { tenantId, clientId, credential, authorityHost, graphBaseUrl } = options;
  const timeoutMs = options.tokenTimeoutMs ?? TOKEN_DEADLINE_MS;
  const graphOrigin = new URL(graphBaseUrl).origin;

  if (credential.kind === "MANAGED_IDENTITY") {
    const acquire = managedIdentityTokens(credential, graphOrigin, timeoutMs);
    const context: FailureContext = { kind: credential.kind };
    return { kind: credential.kind, getToken: (options) => graphToken(() => acquire(options?.fresh ?? false), context) };
  }

  const host = new URL(authorityHost);
  if (host.protocol !== "https:") {
    throw new ConfigError(`The Entra authority host must be an https URL, not ${host.origin}`);
  }
  const appCredential: AppCredential =
    credential.kind === "CERTIFICATE" ? { kind: credential.kind, certificate: readCertificate(credential) } : credential;
  const acquire = confidentialClientTokens({
    authority: `${host.origin}/${encodeURIComponent(tenantId)}`,
    clientId,
    credential: appCredential,
    scope: `${graphOrigin}/.default`,
    timeoutMs,
  });
  const context: FailureContext = { kind: credential.kind, host: host.host };
  return {
    kind: credential.kind,
    async getToken(options) {
      if (!TENANT_ID.test(tenantId)) throw authFailure("UNKNOWN_TENANT", context);
      if (appCredential.kind === "CERTIFICATE") refuseExpired(appCredential.certificate, context);
      return graphToken(() => acquire(options?.fresh ?? false), context);
    },
  };
}

async function graphToken(
  acquire: () => Promise<AuthenticationResult | null>,
  context: FailureContext,
): Promise<GraphToken> {
  let result;
  try {
    result = await acquire();
  } catch (error) {
    throw toEntraAuthError(error, context);
  }
  if (!result) throw authFailure("REFUSED", context);
  const claims = decodeJwt(result.accessToken);
  return {
    accessToken: result.accessToken,
    roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [],
    tenantId: typeof claims.tid === "string" ? claims.tid : result.tenantId,
    clientId: [claims.appid, claims.azp].find((claim): claim is string => typeof claim === "string"),
    expiresOn: result.expiresOn ?? new Date((claims.exp ?? 0) * 1000),
  };
}

/** Entra would refuse an expired certificate anyway; saying so here names it and its date. */
function refuseExpired(
  certificate: { readonly thumbprintSha256: string; readonly notAfter: Date },
  context: FailureContext,
): void {
  if (certificate.notAfter.getTime() > Date.now()) return;
  throw authFailure("CERTIFICATE_EXPIRED", {
    ...context,
    detail: `${certificate.thumbprintSha256} expired on ${certificate.notAfter.toISOString()}`,
  });
}
