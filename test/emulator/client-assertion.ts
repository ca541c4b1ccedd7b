// How Entra judges a `client_assertion`, and its answers when it refuses one.
//
// An assertion the app signed itself (iss = sub = client id) must carry the SHA-256 thumbprint
// of a certificate uploaded to the app (`x5t#S256`), verify with that certificate's key, name
// the token endpoint as its audience, and be within its validity with Entra's five minutes of
// clock skew. Any other assertion is another identity provider's token, accepted through a
// federated credential that names its issuer, subject and audience, and verified with the keys
// that issuer publishes.
import { createHash, X509Certificate } from "node:crypto";
import {
  compactVerify,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  type JWK,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from "jose";
import type { RegisteredApp, UploadedCertificate } from "./types.js";

/** A refusal, in the token endpoint's terms. */
export interface TokenRefusal {
  readonly status: number;
  readonly error: string;
  readonly code: number;
  readonly description: string;
}

/** What the assertion said, for the request log (tests look at what msal sent). */
export interface DecodedAssertion {
  readonly header: ProtectedHeaderParameters;
  readonly claims: JWTPayload;
}

export interface AssertionContext {
  readonly app: RegisteredApp;
  /** The audiences this tenant's token endpoint answers to (its URL by tenant id and by each domain). */
  readonly tokenEndpoints: readonly string[];
  /** Entra's clock, in seconds. */
  readonly now: number;
  /** The keys an external issuer publishes (what Entra reads from its JWKS); empty when unknown. */
  readonly issuerKeys: (issuer: string) => readonly JWK[];
}

// Entra tolerates five minutes between its clock and the signer's.
const CLOCK_SKEW_SECONDS = 300;
const CERTIFICATE_DOCS = "Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .";
const FEDERATION_DOCS = "https://learn.microsoft.com/entra/workload-id/workload-identity-federation";

export function decodeAssertion(assertion: string): DecodedAssertion | undefined {
  try {
    return { header: decodeProtectedHeader(assertion), claims: decodeJwt(assertion) };
  } catch {
    return undefined;
  }
}

/** Undefined when Entra would accept the assertion for `context.app`. */
export async function judgeClientAssertion(
  assertion: string,
  decoded: DecodedAssertion | undefined,
  context: AssertionContext,
): Promise<TokenRefusal | undefined> {
  if (!decoded) return refusal(400, "invalid_request", 50027, "JWT token is invalid or malformed.");
  const issuer = typeof decoded.claims.iss === "string" ? decoded.claims.iss : "";
  if (issuer.toLowerCase() === context.app.clientId) return judgeSignedAssertion(assertion, decoded, context);
  const refused = await judgeFederatedToken(assertion, decoded, context);
  // The older answer names no claim (RegisteredApp.federationAnswersWithoutDetail).
  if (refused && context.app.federationAnswersWithoutDetail && UNMATCHED_CLAIM_CODES.has(refused.code)) {
    return refusal(401, "invalid_client", 70021, `No matching federated identity record found for presented assertion. ${FEDERATION_DOCS}`);
  }
  return refused;
}

/** An issuer, a subject, an audience no federated credential names. */
const UNMATCHED_CLAIM_CODES = new Set([700211, 700213, 700212]);

async function judgeSignedAssertion(
  assertion: string,
  { header, claims }: DecodedAssertion,
  { app, tokenEndpoints, now }: AssertionContext,
): Promise<TokenRefusal | undefined> {
  const used = usedThumbprint(header);
  const keysLink =
    `Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.clientId}'. ` +
    `Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint and ` +
    `https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, such as ` +
    `'https://graph.microsoft.com/beta/applications/${app.clientId}'`;
  const uploaded = used ? app.certificates.find((certificate) => thumbprint(certificate, used.algorithm) === used.value) : undefined;
  if (!used || !uploaded) {
    return refusal(
      401,
      "invalid_client",
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${used?.hex ?? ""}', ${keysLink}]`,
    );
  }
  const found = `Thumbprint of key used by client: '${used.hex}', Found key '${keyDates(uploaded)}', ${keysLink}`;
  if (uploaded.endDateTime.getTime() / 1000 < now) {
    return refusal(401, "invalid_client", 700027, `Client assertion contains an invalid signature. [Reason - The key used is expired., ${found}]`);
  }
  try {
    await compactVerify(assertion, new X509Certificate(uploaded.certificatePem).publicKey, { algorithms: ["PS256", "RS256"] });
  } catch {
    return refusal(
      401,
      "invalid_client",
      700027,
      `Client assertion failed signature validation. [Reason - Key was found, but use of the key to verify the signature failed., ${found}]`,
    );
  }
  if (String(claims.sub).toLowerCase() !== app.clientId) {
    return refusal(401, "invalid_client", 700021, `Client assertion application identifier doesn't match 'client_id' parameter. ${CERTIFICATE_DOCS}`);
  }
  const audiences = [claims.aud ?? []].flat().map((aud) => aud.toLowerCase());
  if (!audiences.some((aud) => tokenEndpoints.includes(aud))) {
    return refusal(401, "invalid_client", 700023, `Client assertion audience claim does not match Realm issuer. ${CERTIFICATE_DOCS}`);
  }
  return judgeValidity(claims, now, CERTIFICATE_DOCS);
}

async function judgeFederatedToken(
  assertion: string,
  { claims }: DecodedAssertion,
  { app, now, issuerKeys }: AssertionContext,
): Promise<TokenRefusal | undefined> {
  const check = "Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.";
  if (app.federatedCredentials.length === 0) {
    return refusal(400, "invalid_client", 70025, `The client '${app.clientId}' has no configured federated identity credentials. ${FEDERATION_DOCS}`);
  }
  const byIssuer = app.federatedCredentials.filter((credential) => credential.issuer === claims.iss);
  if (byIssuer.length === 0) {
    return refusal(401, "invalid_client", 700211, `No matching federated identity record found for presented assertion issuer '${claims.iss ?? ""}'. ${check} ${FEDERATION_DOCS}`);
  }
  const bySubject = byIssuer.filter((credential) => credential.subject === claims.sub);
  if (bySubject.length === 0) {
    return refusal(401, "invalid_client", 700213, `No matching federated identity record found for presented assertion subject '${claims.sub ?? ""}'. ${check} ${FEDERATION_DOCS}`);
  }
  const audiences = [claims.aud ?? []].flat();
  if (!bySubject.some((credential) => credential.audiences.some((aud) => audiences.includes(aud)))) {
    return refusal(401, "invalid_client", 700212, `No matching federated identity record found for presented assertion audience '${audiences.join(",")}'. ${check} ${FEDERATION_DOCS}`);
  }
  try {
    await compactVerify(assertion, createLocalJWKSet({ keys: [...issuerKeys(String(claims.iss))] }));
  } catch {
    return refusal(401, "invalid_client", 700027, "Client assertion failed signature validation.");
  }
  return judgeValidity(claims, now, FEDERATION_DOCS);
}

function judgeValidity(claims: JWTPayload, now: number, docs: string): TokenRefusal | undefined {
  const notBefore = claims.nbf ?? claims.iat ?? 0;
  if (typeof claims.exp !== "number") return refusal(400, "invalid_request", 50027, "JWT token is invalid or malformed.");
  if (now + CLOCK_SKEW_SECONDS >= notBefore && now - CLOCK_SKEW_SECONDS < claims.exp) return undefined;
  return refusal(
    401,
    "invalid_client",
    700024,
    `Client assertion is not within its valid time range. Current time: ${entraTime(now)}, assertion valid from ${entraTime(notBefore)}, expiry time of assertion ${entraTime(claims.exp)}. ${docs}`,
  );
}

/** The header's certificate thumbprint: `x5t#S256` (what msal sends), or the older SHA-1 `x5t`. */
function usedThumbprint(header: ProtectedHeaderParameters) {
  const sha256 = header["x5t#S256"];
  const sha1 = header.x5t;
  const [algorithm, value] =
    typeof sha256 === "string" ? (["sha256", sha256] as const) : typeof sha1 === "string" ? (["sha1", sha1] as const) : [];
  if (!algorithm) return undefined;
  return { algorithm, value, hex: Buffer.from(value, "base64url").toString("hex").toUpperCase() };
}

function thumbprint(certificate: UploadedCertificate, algorithm: "sha256" | "sha1"): string {
  return createHash(algorithm).update(new X509Certificate(certificate.certificatePem).raw).digest("base64url");
}

/** "Start=01/22/2026 09:13:33, End=01/23/2027 09:13:33", as Entra describes a key. */
function keyDates(certificate: UploadedCertificate): string {
  const start = new Date(new X509Certificate(certificate.certificatePem).validFrom);
  return `Start=${usDate(start)}, End=${usDate(certificate.endDateTime)}`;
}

function usDate(date: Date): string {
  const [year, month, day] = date.toISOString().slice(0, 10).split("-");
  return `${month}/${day}/${year} ${date.toISOString().slice(11, 19)}`;
}

/** "2024-10-02T22:05:03.0000000Z": .NET's round-trip format, as Entra writes times. */
function entraTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

function refusal(status: number, error: string, code: number, description: string): TokenRefusal {
  return { status, error, code, description };
}
