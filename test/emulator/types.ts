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
  /** When the account was created; absent (null to Graph's readers) for the generated tenants' people. */
  readonly createdDateTime?: string | null;
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
  /** "WindowsAzureActiveDirectoryIntegratedApp" marks an enterprise application (the portal lists those). */
  readonly tags: readonly string[];
  /** The roles the application defines, which assignments name by id. */
  readonly appRoles: readonly AppRole[];
  /** Whether only assigned principals may sign in to it. */
  readonly appRoleAssignmentRequired: boolean;
}

/** A role an application defines: what `appRoleAssignedTo` names by `appRoleId`. */
export interface AppRole {
  readonly id: string;
  readonly displayName: string;
  /** The claim value apps see in tokens' `roles`. */
  readonly value: string | null;
  readonly allowedMemberTypes: readonly ("User" | "Application")[];
  readonly isEnabled: boolean;
}

export type ServicePrincipalPatch = Partial<Omit<ServicePrincipal, "id" | "appId">>;

/** A tenant's directory content, as generateTenant makes it and addTenant takes it. */
export interface Directory {
  readonly users: readonly User[];
  readonly groups: readonly Group[];
  readonly roles: readonly DirectoryRole[];
}

/** Who a token is issued to: an app registration's or a managed identity's service principal. */
export interface TokenSubject {
  /** The app id (client id): the token's `appid`. */
  readonly clientId: string;
  /** Object id of the service principal: the token's `oid`. */
  readonly servicePrincipalId: string;
  /** Application permissions, e.g. "User.Read.All"; they reach the token only with admin consent. */
  readonly permissions: readonly string[];
  readonly adminConsent: boolean;
}

/** An app registration with its service principal in one tenant. Tests may change it in place. */
export interface RegisteredApp extends TokenSubject {
  /** The client secret's value; undefined for an app with no secret. */
  secret: string | undefined;
  secretExpired: boolean;
  permissions: string[];
  adminConsent: boolean;
  /**
   * Other tenants answer AADSTS7000229 (no service principal) for a multi-tenant app, and
   * AADSTS700016 (unknown application) for a single-tenant one.
   */
  multiTenant: boolean;
  /** Certificates uploaded under Certificates & secrets (keyCredentials), found by SHA-256 thumbprint. */
  certificates: UploadedCertificate[];
  /** Federated identity credentials: tokens of another issuer that the app accepts as its assertion. */
  federatedCredentials: FederatedCredential[];
  /** Whether its service principal is enabled in the tenant; a disabled one gets AADSTS7000112. */
  enabled: boolean;
  /** A Conditional Access policy for workload identities blocks its tokens: AADSTS53003. */
  blockedByConditionalAccess: boolean;
  /**
   * A federated token no credential matches is answered AADSTS70021, without saying whether the
   * issuer, the subject or the audience differs, as Entra answered before its detailed codes.
   */
  federationAnswersWithoutDetail: boolean;
}

/** A certificate's public part as uploaded to an app registration. */
export interface UploadedCertificate {
  readonly certificatePem: string;
  /** When Entra stops accepting it: the certificate's notAfter unless set earlier on upload. */
  readonly endDateTime: Date;
}

/** A federated identity credential: trust `issuer`'s tokens for `subject` with one of `audiences`. */
export interface FederatedCredential {
  readonly name: string;
  /** Compared exactly, case and trailing slash included. */
  readonly issuer: string;
  readonly subject: string;
  /** Default ["api://AzureADTokenExchange"]. */
  readonly audiences: readonly string[];
}

/** A managed identity given to the emulated Azure resource the process runs on. */
export interface ManagedIdentity extends TokenSubject {
  /** The system-assigned identity is asked for without a client id. */
  readonly assignment: "system" | "user";
  readonly tenantId: string;
}

export type UserPatch = Partial<Omit<User, "id" | "managerId">>;
export type GroupPatch = Partial<Omit<Group, "id" | "members">>;
