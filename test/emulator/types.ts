// Shapes of the directory objects the emulator holds, named as Microsoft Graph names them.

export interface User {
  readonly id: string;
  readonly displayName: string;
  readonly givenName: string | null;
  readonly surname: string | null;
  readonly mail: string | null;
  readonly userPrincipalName: string;
  readonly jobTitle: string | null;
  readonly department: string | null;
  readonly accountEnabled: boolean;
  readonly userType: "Member" | "Guest";
  readonly otherMails: readonly string[];
  /** e.g. "SMTP:primary@contoso.com", "smtp:alias@contoso.com", "X500:/o=...". */
  readonly proxyAddresses: readonly string[];
  /** Served as the `manager` relationship (`manager@delta`), never as a property. */
  readonly managerId: string | null;
}

export interface Group {
  readonly id: string;
  readonly displayName: string;
  readonly mail: string | null;
  readonly description: string | null;
  /** ["Unified"] for Microsoft 365 groups, else []. */
  readonly groupTypes: readonly string[];
  readonly mailEnabled: boolean;
  readonly securityEnabled: boolean;
  /** Direct members: user ids and nested group ids. */
  readonly members: readonly string[];
}

export interface DirectoryRole {
  readonly id: string;
  readonly displayName: string;
  readonly roleTemplateId: string;
  /** User ids. */
  readonly members: readonly string[];
}

/** A service principal: an app's (or managed identity's) identity in this tenant. */
export interface ServicePrincipal {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  /** "Application", "ManagedIdentity", "Legacy" or "SocialIdp". */
  readonly servicePrincipalType: string;
  readonly accountEnabled: boolean;
  /** Owner user ids; served by `/servicePrincipals/{id}/owners`, not by delta. */
  readonly owners: readonly string[];
}

export type ServicePrincipalPatch = Partial<Omit<ServicePrincipal, "id" | "appId">>;

/** A tenant's directory content, as generateTenant makes it and addTenant takes it. */
export interface Directory {
  readonly users: readonly User[];
  readonly groups: readonly Group[];
  readonly roles: readonly DirectoryRole[];
}

/** An app registration with its service principal in one tenant. Tests may change it in place. */
export interface RegisteredApp {
  readonly clientId: string;
  secret: string;
  secretExpired: boolean;
  /** Application permissions, e.g. "User.Read.All"; they reach the token only with admin consent. */
  permissions: string[];
  adminConsent: boolean;
  /**
   * Other tenants answer AADSTS7000229 (no service principal) for a multi-tenant app, and
   * AADSTS700016 (unknown application) for a single-tenant one.
   */
  multiTenant: boolean;
  /** Object id of the service principal: the token's `oid`. */
  readonly servicePrincipalId: string;
}

export type UserPatch = Partial<Omit<User, "id" | "managerId">>;
export type GroupPatch = Partial<Omit<Group, "id" | "members">>;
