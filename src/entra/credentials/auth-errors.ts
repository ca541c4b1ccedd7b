// Why no token was issued, in what an admin has to fix: each answer of the token endpoint (or of a
// managed identity endpoint), and each of our own checks before a request, becomes an
// EntraAuthError with a reason, Microsoft's own words, and a hint naming the fix.
import { AuthError, ServerError } from "@azure/msal-node";
import { DeadlineExceededError, seconds } from "../deadline-fetch.js";
import type { CredentialKind } from "../../directory/credential-kinds.js";
import { ConnectionFailedError } from "./network.js";

/** Every reason, one list: docs/troubleshooting.md has a row for each. */
export const ENTRA_AUTH_FAILURES = [
  "UNKNOWN_TENANT",
  "UNKNOWN_CLIENT",
  "WRONG_SECRET",
  "EXPIRED_SECRET",
  "APP_NOT_IN_TENANT",
  "CERTIFICATE_NOT_REGISTERED",
  "CERTIFICATE_EXPIRED",
  "INVALID_SIGNATURE",
  "ASSERTION_OUTSIDE_VALID_TIME",
  "NO_FEDERATED_CREDENTIAL",
  "FEDERATED_AUDIENCE_MISMATCH",
  "TOKEN_FILE_UNREADABLE",
  "MANAGED_IDENTITY_NOT_ASSIGNED",
  "APP_DISABLED",
  "BLOCKED_BY_CONDITIONAL_ACCESS",
  "OTHER_CLOUD",
  "UNREACHABLE",
  "REFUSED",
] as const;

export type EntraAuthFailure = (typeof ENTRA_AUTH_FAILURES)[number];

/** The token endpoint refused the credentials, or could not be reached. */
export class EntraAuthError extends Error {
  override readonly name = "EntraAuthError";
  readonly code = "ENTRA_AUTH_FAILED";
  /** The Entra error code, e.g. "AADSTS7000215", when the token endpoint gave one. */
  readonly aadsts?: string;
  /** What Microsoft said (the answer's description without its trace ids), when it said anything. */
  readonly entraMessage?: string;

  constructor(
    readonly reason: EntraAuthFailure,
    message: string,
    /** What the admin should do about it. */
    readonly hint: string,
    details: { readonly aadsts?: string; readonly entraMessage?: string; readonly cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.aadsts = details.aadsts;
    this.entraMessage = details.entraMessage;
  }
}

/** What the wording needs to know about the request that failed. */
export interface FailureContext {
  readonly kind: CredentialKind;
  /** Who was asked: the authority host, or the managed identity endpoint when known. */
  readonly host?: string;
  /** Our own detail for a failure found before any request (a file's path and why it cannot be read). */
  readonly detail?: string;
}

/** An EntraAuthError for `reason`, worded for the credential kind. */
export function authFailure(
  reason: EntraAuthFailure,
  context: FailureContext,
  details: { readonly aadsts?: string; readonly entraMessage?: string; readonly cause?: unknown } = {},
): EntraAuthError {
  const code = details.aadsts ? `AADSTS${details.aadsts}` : undefined;
  const [sentence, hint] = WORDING[reason]({ ...context, code });
  const said = details.entraMessage
    ? ` ${context.kind === "MANAGED_IDENTITY" ? "The managed identity endpoint" : "Microsoft Entra ID"} said: ${details.entraMessage}`
    : "";
  return new EntraAuthError(reason, `${sentence}${said}`, hint, { ...details, aadsts: code });
}

/**
 * msal-node 7 throws a ServerError for an error body: `errorCode` is the OAuth `error`
 * ("invalid_client"), `errorNo` is `error_codes[0]` (7000215), `status` the HTTP status, and
 * `errorMessage` embeds the description ("... Description: AADSTS7000215: Invalid client secret
 * ..."). Network failures are AuthErrors with errorCode "network_error" (ours carry the cause, see
 * network.ts). After a 429/5xx msal refuses further requests locally for a while with a
 * ServerError that has no status. Our own EntraAuthErrors (thrown by the assertion callback) pass.
 */
export function toEntraAuthError(error: unknown, context: FailureContext): EntraAuthError {
  if (error instanceof EntraAuthError) return error;
  if (!(error instanceof AuthError)) return authFailure("UNREACHABLE", context, { cause: error });
  const aadsts = aadstsNumber(error);
  const status = error instanceof ServerError ? error.status : undefined;
  const entraMessage = error instanceof ServerError ? answerDescription(error.errorMessage) : undefined;
  const details = { aadsts, entraMessage, cause: error };
  const unavailable =
    error.errorCode === "network_error" ||
    error.errorCode === "token_parsing_error" ||
    (error instanceof ServerError && (status === undefined || status === 429 || status >= 500));
  if (unavailable) {
    const { cause } = error;
    const host = cause instanceof DeadlineExceededError || cause instanceof ConnectionFailedError ? cause.host : context.host;
    const detail = cause instanceof DeadlineExceededError ? `did not answer within ${seconds(cause.afterMs)}` : undefined;
    return authFailure("UNREACHABLE", { ...context, host, detail }, details);
  }
  // App Service answers 400 "Unable to load the proper Managed Identity.", IMDS 400 "Identity
  // not found"; an answer with an AADSTS code is Entra's own, passed through by the endpoint.
  if (context.kind === "MANAGED_IDENTITY" && !aadsts && status !== undefined) {
    return authFailure(status === 400 || status === 404 ? "MANAGED_IDENTITY_NOT_ASSIGNED" : "REFUSED", context, details);
  }
  return authFailure(failureFor(aadsts, entraMessage ?? "", context.kind), context, details);
}

// The reasons the token endpoint gives, by AADSTS number (`error_codes[0]` of its error body).
const FAILURE_BY_AADSTS: Readonly<Record<string, EntraAuthFailure>> = {
  "90002": "UNKNOWN_TENANT",
  "900023": "UNKNOWN_TENANT",
  "700016": "UNKNOWN_CLIENT",
  "7000215": "WRONG_SECRET",
  "7000222": "EXPIRED_SECRET",
  "7000229": "APP_NOT_IN_TENANT",
  "700024": "ASSERTION_OUTSIDE_VALID_TIME",
  // 70025: the app has no federated credential at all. 70021 is the older answer that names
  // issuer, subject and audience at once; 700211 names the issuer, 700213 (and the newer
  // 7002137/7002138) the subject.
  "70025": "NO_FEDERATED_CREDENTIAL",
  "70021": "NO_FEDERATED_CREDENTIAL",
  "700211": "NO_FEDERATED_CREDENTIAL",
  "700213": "NO_FEDERATED_CREDENTIAL",
  "7002137": "NO_FEDERATED_CREDENTIAL",
  "7002138": "NO_FEDERATED_CREDENTIAL",
  "700212": "FEDERATED_AUDIENCE_MISMATCH",
  "7000112": "APP_DISABLED",
  "53003": "BLOCKED_BY_CONDITIONAL_ACCESS",
  // A tenant of another cloud (Azure Government, Azure China) asked of this cloud's authority:
  // client credentials get 900382 (900432 in newer answers), other flows 90038.
  "900382": "OTHER_CLOUD",
  "900432": "OTHER_CLOUD",
  "90038": "OTHER_CLOUD",
};

// AADSTS700027 (and the older AADSTS50012) carry their reason in brackets: "[Reason - The key
// was not found., ...]", "[Reason - The key used is expired., ...]", "[Reason - Key was found,
// but use of the key to verify the signature failed., ...]". For a federated token the key is
// its issuer's, not a certificate of the app: any such answer is a signature that did not verify.
const SIGNATURE_CODES = new Set(["700027", "50012"]);

function failureFor(aadsts: string | undefined, entraMessage: string, kind: CredentialKind): EntraAuthFailure {
  if (aadsts && SIGNATURE_CODES.has(aadsts)) {
    if (kind === "WORKLOAD_IDENTITY") return "INVALID_SIGNATURE";
    if (/key was not found|is not registered/i.test(entraMessage)) return "CERTIFICATE_NOT_REGISTERED";
    if (/key used is expired/i.test(entraMessage)) return "CERTIFICATE_EXPIRED";
    return "INVALID_SIGNATURE";
  }
  return (aadsts && FAILURE_BY_AADSTS[aadsts]) || "REFUSED";
}

function aadstsNumber(error: AuthError): string | undefined {
  if (error instanceof ServerError && error.errorNo !== undefined) return String(error.errorNo);
  return /AADSTS(\d+)/.exec(error.errorMessage)?.[1];
}

/**
 * The description inside msal's "Error(s): ... - Description: <description> - Correlation ID:
 * ..." string, without the AADSTS prefix and the trace, correlation and timestamp lines Entra
 * appends (they identify a request, not a cause).
 */
function answerDescription(errorMessage: string): string | undefined {
  const description = /Description: ([\s\S]*?)(?:\s*Trace ID:|\s+- Correlation ID:|$)/.exec(errorMessage)?.[1];
  const text = description?.replace(/^AADSTS\d+:\s*/, "").trim();
  return text && text !== "N/A" ? text : undefined;
}

type Wording = (context: FailureContext & { readonly code?: string }) => [message: string, hint: string];

const FEDERATED_CREDENTIALS = "the app registration's Certificates & secrets > Federated credentials";

// Phrased after the product's "Authentication Failed" troubleshooting; each hint names the fix.
const WORDING: Readonly<Record<EntraAuthFailure, Wording>> = {
  UNKNOWN_TENANT: ({ code }) => [
    `Authentication failed: the tenant was not found${tag(code)}.`,
    "Verify the Tenant ID: use the Directory (tenant) ID shown on the app registration's Overview page, and that the integration's cloud is the one the tenant lives in (GLOBAL, US_GOV, US_GOV_DOD or CHINA).",
  ],
  UNKNOWN_CLIENT: ({ code }) => [
    `Authentication failed: no application with this Client ID exists in the tenant${tag(code)}.`,
    "Verify the Client ID (the Application (client) ID) and that the app is registered in this tenant.",
  ],
  WRONG_SECRET: ({ code }) => [
    `Authentication failed: the client secret is not valid for this application${tag(code)}.`,
    "Verify the Client Secret: paste the secret value, not its ID.",
  ],
  EXPIRED_SECRET: ({ code }) => [
    `Authentication failed: the client secret has expired${tag(code)}.`,
    "Create a new client secret in Certificates & secrets and update the integration with its value.",
  ],
  APP_NOT_IN_TENANT: ({ code, host }) => [
    `Authentication failed: the application has no service principal in the tenant${tag(code)}.`,
    `The app is registered in another tenant: have an admin of this tenant consent to it at https://${host ?? "login.microsoftonline.com"}/<tenant>/adminconsent?client_id=<client id>, which adds it here, or register the app in this tenant (Grant admin consent in the app registration consents in the app's own tenant only).`,
  ],
  CERTIFICATE_NOT_REGISTERED: ({ code }) => [
    `Authentication failed: the certificate is not registered on the application${tag(code)}.`,
    "Upload the certificate (its public part, a .pem, .cer or .crt file) in the app registration under Certificates & secrets > Certificates; its SHA-256 thumbprint must be the one this integration shows.",
  ],
  CERTIFICATE_EXPIRED: ({ code, detail }) => [
    `Authentication failed: the certificate has expired${detail ? ` (${detail})` : tag(code)}.`,
    "Make a new certificate, upload it under Certificates & secrets > Certificates, and update the integration with it and its private key.",
  ],
  INVALID_SIGNATURE: ({ code, kind }) => [
    `Authentication failed: the signature of the client assertion did not verify${tag(code)}.`,
    kind === "WORKLOAD_IDENTITY"
      ? "Entra could not verify the token file's signature with the keys its issuer publishes: check that the issuer's OpenID configuration and JWKS are public and current (on Kubernetes, the cluster's service account issuer discovery)."
      : "The private key does not belong to the certificate uploaded with this thumbprint: give the key the uploaded certificate was made from, or upload the certificate made from this key.",
  ],
  ASSERTION_OUTSIDE_VALID_TIME: ({ code, kind }) => [
    `Authentication failed: the client assertion is not within its valid time range${tag(code)}.`,
    kind === "WORKLOAD_IDENTITY"
      ? "The token in the file has expired or is not valid yet: check that the platform still refreshes the file (Kubernetes rewrites a projected service account token before it expires; a copied token is never refreshed), and that this server's clock is right."
      : "Set this server's clock right (NTP): the assertions it signs are valid for ten minutes from its own time.",
  ],
  NO_FEDERATED_CREDENTIAL: ({ code }) => [
    code === "AADSTS70025"
      ? `Authentication failed: the application has no federated credential${tag(code)}.`
      : `Authentication failed: no federated credential on the application matches the token's ${
          code === "AADSTS700211" ? "issuer" : code === "AADSTS70021" ? "issuer, subject and audience" : "subject"
        }${tag(code)}.`,
    code === "AADSTS700211"
      ? `Add a federated credential in ${FEDERATED_CREDENTIALS} whose Issuer is exactly the token's iss claim (your cluster's OIDC issuer URL, or https://token.actions.githubusercontent.com); the match is case-sensitive and a trailing slash counts.`
      : `Add a federated credential in ${FEDERATED_CREDENTIALS} whose Issuer and Subject are exactly the token's iss and sub claims (system:serviceaccount:<namespace>:<service account> on Kubernetes, repo:<owner>/<repository>:... on GitHub Actions)${
          // The older answer does not say which of the three differs.
          code === "AADSTS70021" ? ", and whose Audience is the token's aud (api://AzureADTokenExchange)" : ""
        }; the match is case-sensitive.`,
  ],
  FEDERATED_AUDIENCE_MISMATCH: ({ code }) => [
    `Authentication failed: the token's audience is not one the federated credential accepts${tag(code)}.`,
    `Issue the token for the audience api://AzureADTokenExchange (a projected service account token's audience, GitHub's OIDC audience), which federated credentials expect; or add the token's audience to the federated credential in ${FEDERATED_CREDENTIALS}.`,
  ],
  TOKEN_FILE_UNREADABLE: ({ detail }) => [
    `The workload identity token file cannot be used${detail ? `: ${detail}` : ""}.`,
    "Mount the service account token at that path and let this process read it: Azure Workload Identity does so for pods labelled azure.workload.identity/use: \"true\" whose service account is annotated with the client id; elsewhere (EKS, GKE) project a serviceAccountToken volume with audience api://AzureADTokenExchange.",
  ],
  MANAGED_IDENTITY_NOT_ASSIGNED: ({ code }) => [
    `Authentication failed: this resource has no such managed identity${tag(code)}.`,
    "Turn the system-assigned identity on (the resource's Identity page), or add the user-assigned identity with this client id to the resource; then give the identity its Microsoft Graph app roles.",
  ],
  APP_DISABLED: ({ code }) => [
    `Authentication failed: the application is disabled in the tenant${tag(code)}.`,
    "Enable its service principal: Enterprise applications > the app > Properties > Enabled for users to sign-in: Yes (az ad sp update --id <client id> --set accountEnabled=true).",
  ],
  BLOCKED_BY_CONDITIONAL_ACCESS: ({ code }) => [
    `Authentication failed: a Conditional Access policy blocks tokens for this application${tag(code)}.`,
    "A Conditional Access policy for workload identities blocks the app (by location or risk): in the Entra admin center (Sign-in logs > Service principal sign-ins) see which policy applied, then allow this server's outbound addresses in its named locations or exclude the app's service principal.",
  ],
  OTHER_CLOUD: ({ code, host }) => [
    `Authentication failed: the tenant belongs to another Azure cloud than the one asked${host ? ` (${host})` : ""}${tag(code)}.`,
    "Connect it with the cloud the tenant lives in: cloud US_GOV for Azure Government (GCC High), US_GOV_DOD for DoD, CHINA for Azure operated by 21Vianet; GCC (moderate) tenants are GLOBAL. The portal the tenant is managed in tells: portal.azure.us is Azure Government, portal.azure.cn is Azure China.",
  ],
  UNREACHABLE: ({ code, host, kind, detail }) =>
    kind === "MANAGED_IDENTITY"
      ? [
          `The managed identity endpoint${host ? ` at ${host}` : ""} ${detail ?? "could not be reached or is unavailable"}${tag(code)}.`,
          "Run on an Azure resource with a managed identity: App Service, Functions and Container Apps set IDENTITY_ENDPOINT and IDENTITY_HEADER; virtual machines and AKS nodes answer on the instance metadata service.",
        ]
      : [
          `Microsoft Entra ID${host ? ` at ${host}` : ""} ${detail ?? "could not be reached or is unavailable"}${tag(code)}.`,
          "Check that this server can reach the Entra token endpoint, then try again in a few minutes.",
        ],
  REFUSED: ({ code, kind }) => [
    `Authentication failed: Microsoft Entra ID refused the credentials${tag(code)}.`,
    {
      CLIENT_SECRET: "Verify the Tenant ID, Client ID, and Client Secret are correct, and that the client secret hasn't expired.",
      CERTIFICATE: "Verify the Tenant ID and Client ID, and that this certificate is uploaded to the app registration and not expired.",
      WORKLOAD_IDENTITY: `Verify the Tenant ID and Client ID, and the federated credential in ${FEDERATED_CREDENTIALS} (issuer, subject, audience).`,
      MANAGED_IDENTITY: "Verify the managed identity is assigned to the resource this server runs on.",
    }[kind],
  ],
};

function tag(code: string | undefined): string {
  return code ? ` (${code})` : "";
}
