// The managed identity endpoint of the Azure resource the process runs on, in App Service's style
// (API version 2019-08-01): `GET {IDENTITY_ENDPOINT}?resource=...&api-version=2019-08-01
// [&client_id=...]` with the `X-IDENTITY-HEADER` secret, answered on 127.0.0.1 over plain HTTP
// as App Service does. Tests copy `environment` into process.env for msal-node to find.
import { randomBytes, randomUUID } from "node:crypto";
import type { AccessTokens } from "./access-token.js";
import { sendJson, type Exchange } from "./http.js";
import type { Tenant } from "./tenant.js";
import { isGraphResource, resourceNotFound } from "./token-endpoint.js";
import type { ManagedIdentity } from "./types.js";

export const MANAGED_IDENTITY_PATH = "/msi/token";
const API_VERSION = "2019-08-01";

export interface AssignIdentityOptions {
  /** Absent: the system-assigned identity (one per resource). */
  readonly clientId?: string;
  /** Microsoft Graph app roles assigned to the identity, e.g. "User.Read.All". */
  readonly permissions?: readonly string[];
  readonly displayName?: string;
}

export interface ManagedIdentityHost {
  /** What App Service sets for the process: copy it into process.env before msal's first request. */
  readonly environment: { readonly IDENTITY_ENDPOINT: string; readonly IDENTITY_HEADER: string };
  /**
   * Gives the resource one of the tenant's managed identities (and the tenant its service
   * principal); without a client id, the system-assigned one, which replaces any earlier.
   */
  assign(tenant: Tenant, options?: AssignIdentityOptions): ManagedIdentity;
  /** Takes an identity off the resource, as removing it on the Identity page does. */
  unassign(identity: ManagedIdentity): void;
}

export class ManagedIdentityEndpoint implements ManagedIdentityHost {
  private readonly header = randomBytes(16).toString("hex");
  private readonly identities: ManagedIdentity[] = [];
  private endpoint = "";

  constructor(
    private readonly tokens: AccessTokens,
    private readonly graphBaseUrl: () => string,
    private readonly tenants: { find(id: string): Tenant | undefined },
  ) {}

  /** Called once the server listens. */
  listening(origin: string): void {
    this.endpoint = `${origin}${MANAGED_IDENTITY_PATH}`;
  }

  get environment() {
    return { IDENTITY_ENDPOINT: this.endpoint, IDENTITY_HEADER: this.header };
  }

  assign(tenant: Tenant, options: AssignIdentityOptions = {}): ManagedIdentity {
    const assignment = options.clientId ? "user" : "system";
    const identity: ManagedIdentity = {
      clientId: (options.clientId ?? randomUUID()).toLowerCase(),
      servicePrincipalId: randomUUID(),
      permissions: [...(options.permissions ?? [])],
      // App role assignments to a managed identity are grants: there is no consent step.
      adminConsent: true,
      assignment,
      tenantId: tenant.tenantId,
    };
    tenant.addServicePrincipal({
      id: identity.servicePrincipalId,
      appId: identity.clientId,
      displayName: options.displayName ?? `${assignment}-assigned identity`,
      servicePrincipalType: "ManagedIdentity",
    });
    if (assignment === "system") this.removeWhere((i) => i.assignment === "system");
    this.identities.push(identity);
    return identity;
  }

  unassign(identity: ManagedIdentity): void {
    this.removeWhere((i) => i === identity);
  }

  async handle(ex: Exchange): Promise<void> {
    const fail = (status: number, message: string) =>
      sendJson(ex, status, { statusCode: status, message, correlationId: ex.requestId });
    if (ex.req.method !== "GET" || ex.url.pathname !== MANAGED_IDENTITY_PATH) return fail(404, "Not found.");
    if (ex.req.headers["x-identity-header"] !== this.header) {
      return fail(401, "The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.");
    }
    const query = ex.url.searchParams;
    if (query.get("api-version") !== API_VERSION) return fail(400, `Unsupported api-version; use ${API_VERSION}.`);
    const resource = query.get("resource");
    if (!resource) return fail(400, "The resource parameter is required.");
    const clientId = query.get("client_id")?.toLowerCase();
    const identity = this.identities.find((i) => (clientId ? i.clientId === clientId : i.assignment === "system"));
    const tenant = identity && this.tenants.find(identity.tenantId);
    if (!identity || !tenant) return fail(400, "Unable to load the proper Managed Identity.");
    // The endpoint passes Entra's own refusal through, AADSTS code and all.
    if (!isGraphResource(resource, this.graphBaseUrl())) return fail(400, `AADSTS500011: ${resourceNotFound(resource, tenant)}`);
    sendJson(ex, 200, {
      access_token: await this.tokens.issue(tenant, identity),
      expires_on: String(Math.floor(Date.now() / 1000) + this.tokens.lifetimeSeconds),
      resource,
      token_type: "Bearer",
      client_id: identity.clientId,
    });
  }

  private removeWhere(test: (identity: ManagedIdentity) => boolean): void {
    const index = this.identities.findIndex(test);
    if (index >= 0) this.identities.splice(index, 1);
  }
}
