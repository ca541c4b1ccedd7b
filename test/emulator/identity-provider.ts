// An external identity provider, as a test plays it: a Kubernetes cluster's service account
// issuer or GitHub Actions' OIDC issuer, with its own signing key. Its tokens are what workload
// identity federation presents to Entra as a client assertion.
import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";

export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

export interface FederatedTokenOptions {
  /** e.g. "system:serviceaccount:identity:identity-subgraph". */
  readonly subject: string;
  /** Default api://AzureADTokenExchange, the audience Entra's federated credentials expect. */
  readonly audience?: string;
  /** Default: now. */
  readonly issuedAt?: Date;
  /** Default one hour, as a projected service account token. */
  readonly lifetimeSeconds?: number;
}

export interface IdentityProvider {
  readonly issuer: string;
  /** The public signing keys it publishes at its JWKS: what emu.trustIssuer takes. */
  readonly keys: readonly JWK[];
  /** A token signed with the provider's key. */
  issue(options: FederatedTokenOptions): Promise<string>;
}

export async function createIdentityProvider(issuer: string): Promise<IdentityProvider> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const kid = randomUUID();
  const keys = [{ ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" }];
  return {
    issuer,
    keys,
    issue({ subject, audience = TOKEN_EXCHANGE_AUDIENCE, issuedAt = new Date(), lifetimeSeconds = 3600 }) {
      const iat = Math.floor(issuedAt.getTime() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
        .setIssuer(issuer)
        .setSubject(subject)
        .setAudience(audience)
        .setIssuedAt(iat)
        .setNotBefore(iat)
        .setExpirationTime(iat + lifetimeSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
    },
  };
}
