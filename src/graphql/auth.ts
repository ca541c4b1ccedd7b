// Who is calling: bearer tokens verified with jose (HS256 secret or a JWKS), read as a Caller.
//
// In development with no auth configured, a secret is generated into DATA_DIR so that tokens
// survive restarts, and the server prints an admin token at start (see src/serve.ts).
import { randomBytes } from "node:crypto";
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from "jose";
import type { Config } from "../config.js";
import { dataDirSecret } from "../data-dir-secret.js";
import { isStorableText } from "../db/storable-text.js";
import { DEFAULT_ORG } from "../directory/default-org.js";


export interface Caller {
  subject: string;
  org: string;
  /** The token's `roles` claim: `admin` for those who manage integrations and links. */
  roles: string[];
}

export type VerifyToken = (token: string) => Promise<Caller>;

export class InvalidTokenError extends Error {
  override readonly name = "InvalidTokenError";
}

/** Builds the verifier once: a remote JWKS is fetched lazily and cached by jose. */
export async function createTokenVerifier(config: Config): Promise<VerifyToken> {
  const { jwksUrl, issuer, audience } = config.auth;
  const key: Uint8Array | JWTVerifyGetKey = jwksUrl
    ? createRemoteJWKSet(new URL(jwksUrl))
    : new TextEncoder().encode(await loadJwtSecret(config));
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key as Uint8Array, {
        issuer,
        audience,
        algorithms: jwksUrl ? undefined : ["HS256"],
      });
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === "string") : [];
      return { subject: payload.sub ?? "anonymous", org: organisationOf(payload.org), roles };
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.message : "invalid token");
    }
  };
}

/**
 * The `org` claim: absent, the default organisation; otherwise a name, or the token is refused.
 * A token whose claim is malformed must not act in the default organisation.
 */
function organisationOf(claim: unknown): string {
  if (claim === undefined) return DEFAULT_ORG;
  if (typeof claim !== "string" || claim.trim() === "" || !isStorableText(claim)) {
    throw new InvalidTokenError("the org claim must be a non-empty string");
  }
  return claim;
}

/** AUTH_JWT_SECRET, or (development only) a secret generated once into DATA_DIR. */
export async function loadJwtSecret(config: Config): Promise<string> {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  const secret = await dataDirSecret(config.dataDir, "auth-secret", () => Buffer.from(randomBytes(32).toString("base64url")));
  return secret.toString("utf8").trim();
}

/** Mints an HS256 token (development, tests and the CLI); never used to verify. */
export async function mintToken(
  secret: string,
  claims: { sub?: string; org?: string; roles?: string[] },
  options: { expiresIn?: string; issuer?: string; audience?: string } = {},
): Promise<string> {
  let jwt = new SignJWT({ org: claims.org ?? DEFAULT_ORG, roles: claims.roles ?? [] })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub ?? "dev")
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "30d");
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
