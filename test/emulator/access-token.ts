// Access tokens the token endpoint issues and Graph accepts: HS256 JWTs under a per-emulator key.
import { randomBytes } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import type { Tenant } from "./tenant.js";
import type { TokenSubject } from "./types.js";

export const GRAPH_AUDIENCE = "https://graph.microsoft.com";
/** Entra's usual lifetime; msal asks again once fewer than five minutes remain. */
export const TOKEN_LIFETIME_SECONDS = 3599;

/** Who called Graph, from a verified token. */
export interface GraphCaller {
  readonly tenantId: string;
  readonly appId: string;
  /** Granted application permissions; empty without admin consent. */
  readonly roles: readonly string[];
}

export class AccessTokens {
  private readonly key = randomBytes(32);

  constructor(readonly lifetimeSeconds: number = TOKEN_LIFETIME_SECONDS) {}

  async issue(tenant: Tenant, app: TokenSubject): Promise<string> {
    const issuer = `https://sts.windows.net/${tenant.tenantId}/`;
    const claims: Record<string, unknown> = {
      appid: app.clientId,
      appidacr: "1",
      idp: issuer,
      idtyp: "app",
      oid: app.servicePrincipalId,
      sub: app.servicePrincipalId,
      tid: tenant.tenantId,
      // Entra's unique token id: no two tokens are alike, even two issued within one second.
      uti: randomBytes(16).toString("base64url"),
      ver: "1.0",
    };
    // Without admin consent Entra still issues a token, only without any `roles` claim.
    if (app.adminConsent && app.permissions.length > 0) claims.roles = [...app.permissions];
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setAudience(GRAPH_AUDIENCE)
      .setIssuer(issuer)
      .setIssuedAt(now)
      .setNotBefore(now - 300)
      .setExpirationTime(now + this.lifetimeSeconds)
      .sign(this.key);
  }

  /** The caller, or the message Graph gives with 401 InvalidAuthenticationToken. */
  async verify(token: string): Promise<GraphCaller | { readonly failure: string }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ["HS256"],
        audience: GRAPH_AUDIENCE,
      });
      const roles = Array.isArray(payload.roles) ? payload.roles.map(String) : [];
      return { tenantId: String(payload.tid), appId: String(payload.appid), roles };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { failure: "Lifetime validation failed, the token is expired." };
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === "aud") {
        return { failure: "Access token validation failure. Invalid audience." };
      }
      return { failure: "Access token validation failure." };
    }
  }
}
