/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: any; output: any; }
};

/** A key holder that warrants a look, with the keys involved. */
export type AccessFinding = {
  __typename?: 'AccessFinding';
  apiKeyIds: Array<Scalars['String']['output']>;
  department?: Maybe<Scalars['String']['output']>;
  detail: Scalars['String']['output'];
  kind: AccessFindingKind;
  /** Since when the subject has held linked keys. */
  since: Scalars['DateTimeISO']['output'];
  /** The user's or service principal's object id. */
  subjectId: Scalars['ID']['output'];
  subjectKind: HolderKind;
};

export type AccessFindingConnection = {
  __typename?: 'AccessFindingConnection';
  edges: Array<AccessFindingEdge>;
  pageInfo: PageInfo;
  /** Matches of the filter, across all pages. */
  totalCount: Scalars['Int']['output'];
};

export type AccessFindingEdge = {
  __typename?: 'AccessFindingEdge';
  cursor: Scalars['String']['output'];
  node: AccessFinding;
};

/** Why a key holder warrants a look. */
export enum AccessFindingKind {
  DeletedAccount = 'DELETED_ACCOUNT',
  DisabledAccount = 'DISABLED_ACCOUNT',
  DisabledServicePrincipal = 'DISABLED_SERVICE_PRINCIPAL',
  Guest = 'GUEST',
  InactiveAccount = 'INACTIVE_ACCOUNT',
  MissingIdentity = 'MISSING_IDENTITY',
  PrivilegedRole = 'PRIVILEGED_ROLE',
  ServicePrincipalWithoutOwner = 'SERVICE_PRINCIPAL_WITHOUT_OWNER'
}

export type AccessReviewFilter = {
  /** The subject's department (people only). */
  department?: InputMaybe<Scalars['String']['input']>;
  kinds?: InputMaybe<Array<AccessFindingKind>>;
};

export enum AccountStatus {
  Active = 'ACTIVE',
  Deleted = 'DELETED',
  Disabled = 'DISABLED'
}

export type AddEntraIntegrationInput = {
  certificate?: InputMaybe<CertificateCredentialInput>;
  /** Application (client) ID; for a managed identity, its client id. */
  clientId: Scalars['String']['input'];
  /** The client secret's value (not its ID). */
  clientSecret?: InputMaybe<Scalars['String']['input']>;
  /** When the client secret expires, for a warning before it does. */
  clientSecretExpiresAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  cloud?: InputMaybe<AzureCloud>;
  managedIdentity?: InputMaybe<ManagedIdentityCredentialInput>;
  /** A friendly name, e.g. "Corporate Entra ID" (1-100 characters). */
  name: Scalars['String']['input'];
  syncIntervalMinutes?: InputMaybe<Scalars['Int']['input']>;
  /** Directory (tenant) ID: a GUID or a verified domain. */
  tenantId: Scalars['String']['input'];
  workloadIdentity?: InputMaybe<WorkloadIdentityCredentialInput>;
};

export enum ApiKeyImportRefusal {
  AlreadyLinked = 'ALREADY_LINKED',
  BadId = 'BAD_ID',
  Duplicate = 'DUPLICATE',
  UnknownHolder = 'UNKNOWN_HOLDER'
}

/** An import's outcome: all rows saved, or (when any was refused) none. */
export type ApiKeyImportReport = {
  __typename?: 'ApiKeyImportReport';
  committed: Scalars['Boolean']['output'];
  linked: Scalars['Int']['output'];
  refused: Scalars['Int']['output'];
  rows: Array<ApiKeyImportRow>;
};

/** What an import did with one row. */
export type ApiKeyImportRow = {
  __typename?: 'ApiKeyImportRow';
  apiKeyId: Scalars['String']['output'];
  holderId: Scalars['ID']['output'];
  /** The row's position in the input, from 0. */
  index: Scalars['Int']['output'];
  message?: Maybe<Scalars['String']['output']>;
  /** Why the row was refused; null if it was acceptable. */
  refusal?: Maybe<ApiKeyImportRefusal>;
};

/** An API key id (never the key) and the identity that holds it. */
export type ApiKeyLink = {
  __typename?: 'ApiKeyLink';
  apiKeyId: Scalars['String']['output'];
  /** When the key was linked: since when its holder holds it. */
  createdAt: Scalars['DateTimeISO']['output'];
  holderId: Scalars['ID']['output'];
  holderKind: HolderKind;
  label?: Maybe<Scalars['String']['output']>;
  /** The subject of the admin who linked it. */
  linkedBy: Scalars['String']['output'];
  /** The holder, when a service principal. */
  servicePrincipal?: Maybe<DirectoryServicePrincipal>;
  /** Where the holder stands in the directory now. */
  status: HolderStatus;
  /** The holder, when a user (tombstones included). */
  user?: Maybe<DirectoryUser>;
};

export type ApiKeyLinkConnection = {
  __typename?: 'ApiKeyLinkConnection';
  edges: Array<ApiKeyLinkEdge>;
  pageInfo: PageInfo;
  /** Matches of the filter, across all pages. */
  totalCount: Scalars['Int']['output'];
};

export type ApiKeyLinkEdge = {
  __typename?: 'ApiKeyLinkEdge';
  cursor: Scalars['String']['output'];
  node: ApiKeyLink;
};

/** Narrows apiKeyLinks; every given criterion must hold. */
export type ApiKeyLinkFilter = {
  holderId?: InputMaybe<Scalars['ID']['input']>;
  holderKind?: InputMaybe<HolderKind>;
  status?: InputMaybe<HolderStatus>;
};

/** An enterprise application a person is assigned to: directly, or through a group they are a direct member of. Whether they can sign in is the application's too: no one can where its accountEnabled is false. */
export type AppAssignment = {
  __typename?: 'AppAssignment';
  /** The app role held; null for default access (no role of the app's own). */
  appRole?: Maybe<Scalars['String']['output']>;
  /** The application's service principal. */
  application: DirectoryServicePrincipal;
  /** The group assigned, when held through one (via GROUP). */
  group?: Maybe<DirectoryGroup>;
  /** DIRECT: assigned to the person. GROUP: assigned to a group they are a direct member of. */
  via: RoleGrant;
};

/** A user, group or service principal assigned to an application. */
export type ApplicationAssignment = {
  __typename?: 'ApplicationAssignment';
  /** The app role held; null for default access. */
  appRole?: Maybe<Scalars['String']['output']>;
  /** The group assigned (its direct members may use the application). */
  group?: Maybe<DirectoryGroup>;
  principalDisplayName?: Maybe<Scalars['String']['output']>;
  /** The assigned principal's object id. */
  principalId: Scalars['ID']['output'];
  /** User, Group or ServicePrincipal, as Entra names them. */
  principalType: Scalars['String']['output'];
  /** The service principal assigned, when one is. */
  servicePrincipal?: Maybe<DirectoryServicePrincipal>;
  /** The person assigned, when a user is. */
  user?: Maybe<DirectoryUser>;
};

export type ApplicationAssignmentConnection = {
  __typename?: 'ApplicationAssignmentConnection';
  edges: Array<ApplicationAssignmentEdge>;
  pageInfo: PageInfo;
  /** Matches of the filter, across all pages. */
  totalCount: Scalars['Int']['output'];
};

export type ApplicationAssignmentEdge = {
  __typename?: 'ApplicationAssignmentEdge';
  cursor: Scalars['String']['output'];
  node: ApplicationAssignment;
};

/** Which Microsoft cloud the tenant lives in. */
export enum AzureCloud {
  China = 'CHINA',
  Global = 'GLOBAL',
  UsGov = 'US_GOV',
  UsGovDod = 'US_GOV_DOD'
}

/** A certificate uploaded to the app registration, and its private key; the key is sealed, never shown. */
export type CertificateCredentialInput = {
  /** The certificate, PEM (-----BEGIN CERTIFICATE-----), optionally followed by its issuers'. */
  certificatePem: Scalars['String']['input'];
  /** Its RSA private key, PEM, unencrypted. */
  privateKeyPem: Scalars['String']['input'];
};

/** The result of Test Connection: authentication, then one check per permission. */
export type ConnectionTestResult = {
  __typename?: 'ConnectionTestResult';
  authenticated: Scalars['Boolean']['output'];
  /** Why authentication failed. */
  error?: Maybe<IntegrationError>;
  permissions: Array<PermissionCheck>;
  /** The tenant's GUID, as the token endpoint reports it. */
  tenantId?: Maybe<Scalars['String']['output']>;
};

/** How the app proves itself to Entra ID: a client secret, a certificate, workload identity federation, or the managed identity of the Azure resource the subgraph runs on. */
export enum CredentialKind {
  Certificate = 'CERTIFICATE',
  ClientSecret = 'CLIENT_SECRET',
  ManagedIdentity = 'MANAGED_IDENTITY',
  WorkloadIdentity = 'WORKLOAD_IDENTITY'
}

/** A department, as named by its people's `department` attribute. */
export type Department = {
  __typename?: 'Department';
  name: Scalars['String']['output'];
  /** People in the department (deleted accounts excluded). */
  userCount: Scalars['Int']['output'];
  users: DirectoryUserConnection;
};


/** A department, as named by its people's `department` attribute. */
export type DepartmentUsersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** How current the organisation's directory is, across its connected tenants. */
export type DirectoryFreshness = {
  __typename?: 'DirectoryFreshness';
  /** Whether any tenant is stale (as EntraIntegration.stale, paused ones included). */
  stale: Scalars['Boolean']['output'];
  /** The oldest of the tenants' last successful syncs: everything the directory shows is at least this current. Null while a tenant has never synced successfully, or none is connected. */
  syncedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The tenants connected, paused ones included. */
  tenants: Scalars['Int']['output'];
};

/** A group of a connected tenant. */
export type DirectoryGroup = {
  __typename?: 'DirectoryGroup';
  description?: Maybe<Scalars['String']['output']>;
  displayName: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  kind: GroupKind;
  mail?: Maybe<Scalars['String']['output']>;
  /** Direct members that are people (deleted accounts left out, as in members) or nested groups; applications and devices in the group are not counted. */
  memberCount: Scalars['Int']['output'];
  /** The people who are direct members. */
  members: DirectoryUserConnection;
};


/** A group of a connected tenant. */
export type DirectoryGroupMembersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type DirectoryGroupConnection = {
  __typename?: 'DirectoryGroupConnection';
  edges: Array<DirectoryGroupEdge>;
  pageInfo: PageInfo;
  /** Matches of the filter, across all pages. */
  totalCount: Scalars['Int']['output'];
};

export type DirectoryGroupEdge = {
  __typename?: 'DirectoryGroupEdge';
  cursor: Scalars['String']['output'];
  node: DirectoryGroup;
};

/** Narrows directoryGroups; every given criterion must hold. */
export type DirectoryGroupFilter = {
  kind?: InputMaybe<GroupKind>;
  /** Case-insensitive text in the name or mail. */
  search?: InputMaybe<Scalars['String']['input']>;
};

/** A directory role (Global Administrator, User Administrator, ...). */
export type DirectoryRole = {
  __typename?: 'DirectoryRole';
  displayName: Scalars['String']['output'];
  /** The role definition's id: for a built-in role its template id, the same in every tenant. */
  id: Scalars['ID']['output'];
  /** PRIVILEGED for the built-in roles Microsoft labels privileged (Global Administrator, Global Reader, Application Developer, ...) and a few more that reach mailboxes, sites or the directory's sync; STANDARD for the others, custom roles included. */
  kind: DirectoryRoleKind;
  roleTemplateId: Scalars['String']['output'];
};

export enum DirectoryRoleKind {
  Privileged = 'PRIVILEGED',
  Standard = 'STANDARD'
}

/** A service principal (app or managed identity) of a connected tenant: a non-human identity. */
export type DirectoryServicePrincipal = {
  __typename?: 'DirectoryServicePrincipal';
  /** False: no one may sign in to the application, assigned or not (Entra's 'Enabled for users to sign in'). */
  accountEnabled: Scalars['Boolean']['output'];
  /** The application (client) id. */
  appId?: Maybe<Scalars['String']['output']>;
  /** Whether only those assigned to the application may sign in (Entra's 'Assignment required'); false: anyone in the tenant may, guests included, so `assignments` lists some of its users, not all. Null until its tenant's next sync reads it. */
  appRoleAssignmentRequired?: Maybe<Scalars['Boolean']['output']>;
  /** Who is assigned to the application (users, groups, service principals), by name; empty unless it is an enterprise application. Where appRoleAssignmentRequired is false anyone in the tenant may sign in, assigned or not. */
  assignments: ApplicationAssignmentConnection;
  displayName?: Maybe<Scalars['String']['output']>;
  groups: Array<DirectoryGroup>;
  /** The Entra object id. */
  id: Scalars['ID']['output'];
  /** Whether the organisation marked this application as an AI tool (markAiApplication). */
  isAiApplication: Scalars['Boolean']['output'];
  /** The people who own it; empty when it has no owner. */
  owners: Array<DirectoryUser>;
  /** Each role as it holds it: active or eligible, how, and where. */
  roleAssignments: Array<RoleAssignment>;
  /** The directory roles it holds or may activate: active or eligible, directly or through a group. */
  roles: Array<DirectoryRole>;
  /** Application, ManagedIdentity, Legacy or SocialIdp. */
  servicePrincipalType?: Maybe<Scalars['String']['output']>;
  /** Whether its tenant has gone STALE_AFTER_INTERVALS sync intervals without a successful sync (as EntraIntegration.stale): it may miss the directory's recent changes. */
  stale: Scalars['Boolean']['output'];
  /** When its tenant's last successful sync began: the mirror shows it at least as it was then. Null before the first successful sync. */
  syncedAt?: Maybe<Scalars['DateTimeISO']['output']>;
};


/** A service principal (app or managed identity) of a connected tenant: a non-human identity. */
export type DirectoryServicePrincipalAssignmentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A service principal (app or managed identity) of a connected tenant: a non-human identity. */
export type DirectoryServicePrincipalGroupsArgs = {
  kind?: InputMaybe<GroupKind>;
  transitive?: InputMaybe<Scalars['Boolean']['input']>;
};


/** A service principal (app or managed identity) of a connected tenant: a non-human identity. */
export type DirectoryServicePrincipalRoleAssignmentsArgs = {
  kind?: InputMaybe<DirectoryRoleKind>;
};


/** A service principal (app or managed identity) of a connected tenant: a non-human identity. */
export type DirectoryServicePrincipalRolesArgs = {
  kind?: InputMaybe<DirectoryRoleKind>;
};

/** A person (or guest) of a connected Entra ID tenant. */
export type DirectoryUser = {
  __typename?: 'DirectoryUser';
  accountEnabled: Scalars['Boolean']['output'];
  /** ACTIVE, DISABLED, or DELETED (gone from the tenant). */
  accountStatus: AccountStatus;
  /** The enterprise applications the person is assigned to, by name: directly or through a group, with the app role. An application that requires no assignment (appRoleAssignmentRequired false) lets the person in unassigned, and is listed only when assigned. */
  appAssignments: Array<AppAssignment>;
  department?: Maybe<Department>;
  directReports: Array<DirectoryUser>;
  displayName?: Maybe<Scalars['String']['output']>;
  /** Every address: mail, UPN, otherMails, SMTP proxy addresses. */
  emailAddresses: Array<Scalars['String']['output']>;
  groups: Array<DirectoryGroup>;
  /** The Entra object id. */
  id: Scalars['ID']['output'];
  jobTitle?: Maybe<Scalars['String']['output']>;
  /** The last successful sign-in (where Graph recorded none, none happened since it began recording them on 2023-12-01: for an account created before then, the later of the last attempts, but no later than that day). Null when unknown: the app lacks AuditLog.Read.All, the tenant lacks Entra ID P1, it was not read yet; or when the person never signed in. */
  lastSignInAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Primary email address. */
  mail?: Maybe<Scalars['String']['output']>;
  manager?: Maybe<DirectoryUser>;
  /** Each role as the person holds it: active or eligible, how, and where. */
  roleAssignments: Array<RoleAssignment>;
  /** The directory roles the person holds or may activate: active or eligible, directly or through a group. */
  roles: Array<DirectoryRole>;
  /** Whether its tenant has gone STALE_AFTER_INTERVALS sync intervals without a successful sync (as EntraIntegration.stale): it may miss the directory's recent changes. */
  stale: Scalars['Boolean']['output'];
  /** When its tenant's last successful sync began: the mirror shows it at least as it was then. Null before the first successful sync. */
  syncedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  userPrincipalName: Scalars['String']['output'];
  /** Member or Guest. */
  userType?: Maybe<Scalars['String']['output']>;
};


/** A person (or guest) of a connected Entra ID tenant. */
export type DirectoryUserAppAssignmentsArgs = {
  aiOnly?: Scalars['Boolean']['input'];
};


/** A person (or guest) of a connected Entra ID tenant. */
export type DirectoryUserGroupsArgs = {
  kind?: InputMaybe<GroupKind>;
  transitive?: InputMaybe<Scalars['Boolean']['input']>;
};


/** A person (or guest) of a connected Entra ID tenant. */
export type DirectoryUserRoleAssignmentsArgs = {
  kind?: InputMaybe<DirectoryRoleKind>;
};


/** A person (or guest) of a connected Entra ID tenant. */
export type DirectoryUserRolesArgs = {
  kind?: InputMaybe<DirectoryRoleKind>;
};

export type DirectoryUserConnection = {
  __typename?: 'DirectoryUserConnection';
  edges: Array<DirectoryUserEdge>;
  pageInfo: PageInfo;
  /** Matches of the filter, across all pages. */
  totalCount: Scalars['Int']['output'];
};

export type DirectoryUserEdge = {
  __typename?: 'DirectoryUserEdge';
  cursor: Scalars['String']['output'];
  node: DirectoryUser;
};

/** Narrows directoryUsers; every given criterion must hold. */
export type DirectoryUserFilter = {
  accountStatus?: InputMaybe<AccountStatus>;
  department?: InputMaybe<Scalars['String']['input']>;
  /** Direct members of this group. */
  groupId?: InputMaybe<Scalars['ID']['input']>;
  /** Case-insensitive text in the name or any email address. */
  search?: InputMaybe<Scalars['String']['input']>;
};

/** An integration's credential as it may be shown: never the secret or the private key. */
export type EntraCredential = {
  __typename?: 'EntraCredential';
  /** When it stops working: the certificate's end of validity, or the expiry given for a secret; null when unknown or never. */
  expiresAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** What to recognise it by: "••••3f9a" (a secret's last characters), the certificate's SHA-256 thumbprint, the token file's path, or the managed identity's client id ("system-assigned" without one). */
  hint?: Maybe<Scalars['String']['output']>;
  kind: CredentialKind;
};

/** Credentials to test or connect: exactly one of clientSecret, certificate, workloadIdentity, managedIdentity. */
export type EntraCredentialsInput = {
  certificate?: InputMaybe<CertificateCredentialInput>;
  /** Application (client) ID; for a managed identity, its client id. */
  clientId: Scalars['String']['input'];
  /** The client secret's value (not its ID). */
  clientSecret?: InputMaybe<Scalars['String']['input']>;
  /** When the client secret expires, for a warning before it does. */
  clientSecretExpiresAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  cloud?: InputMaybe<AzureCloud>;
  managedIdentity?: InputMaybe<ManagedIdentityCredentialInput>;
  /** Directory (tenant) ID: a GUID or a verified domain. */
  tenantId: Scalars['String']['input'];
  workloadIdentity?: InputMaybe<WorkloadIdentityCredentialInput>;
};

/** A connected Entra ID tenant. Its secret or private key never leaves the server. */
export type EntraIntegration = {
  __typename?: 'EntraIntegration';
  clientId: Scalars['String']['output'];
  /** The last four characters of the client secret, e.g. "••••3f9a"; null for other credentials (see credential). */
  clientSecretHint?: Maybe<Scalars['String']['output']>;
  cloud: AzureCloud;
  createdAt: Scalars['DateTimeISO']['output'];
  /** The kind of credential, a hint to recognise it by, and its expiry. */
  credential: EntraCredential;
  id: Scalars['ID']['output'];
  /** When the latest successful sync began, by the database's clock: the mirror shows the directory at least as it was then (a change made while the run went on may wait for the next one); null until one has. */
  lastSuccessfulSyncAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The latest sync run, finished or not; a run refused because another was going (SYNC_IN_PROGRESS) is never the latest. */
  lastSync?: Maybe<SyncRun>;
  name: Scalars['String']['output'];
  nextSyncAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** As the last connection test found them. */
  permissions: Array<PermissionCheck>;
  /** No successful sync for STALE_AFTER_INTERVALS sync intervals (default 3) since the last one, or since the integration was added: the mirror may miss recent changes. Paused integrations included (their status says why). */
  stale: Scalars['Boolean']['output'];
  status: IntegrationStatus;
  /** Why the status is WARNING or FAILED (one of IntegrationError's codes); for PENDING after a run was interrupted, INTERRUPTED; null otherwise. */
  statusReason?: Maybe<IntegrationError>;
  /** Minutes between incremental syncs; null: the server default. */
  syncIntervalMinutes?: Maybe<Scalars['Int']['output']>;
  tenantId: Scalars['String']['output'];
};

export enum GroupKind {
  Distribution = 'DISTRIBUTION',
  MailEnabledSecurity = 'MAIL_ENABLED_SECURITY',
  Microsoft_365 = 'MICROSOFT_365',
  Security = 'SECURITY'
}

/** What kind of identity holds a key or session. */
export enum HolderKind {
  ServicePrincipal = 'SERVICE_PRINCIPAL',
  User = 'USER'
}

/** Where a link's holder stands in the directory now. */
export enum HolderStatus {
  Active = 'ACTIVE',
  Deleted = 'DELETED',
  Disabled = 'DISABLED',
  Missing = 'MISSING'
}

export enum IdentityClassification {
  Human = 'HUMAN',
  Nhi = 'NHI',
  Obo = 'OBO'
}

/** What a trace carries; each optional. `at`: when the trace happened (default: now), which sets the department it answers and whether the session's link held then. */
export type IdentityInput = {
  apiKeyId?: InputMaybe<Scalars['String']['input']>;
  at?: InputMaybe<Scalars['DateTimeISO']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  sessionId?: InputMaybe<Scalars['String']['input']>;
};

export enum IdentityMethod {
  ApiKey = 'API_KEY',
  Email = 'EMAIL',
  Session = 'SESSION'
}

/** How a trace was tied to its identity. */
export type IdentityResolution = {
  __typename?: 'IdentityResolution';
  /** The service principal that acted: for NHI the identity itself, for OBO the agent; null for HUMAN. */
  actor?: Maybe<DirectoryServicePrincipal>;
  /** HUMAN, NHI (a service principal), or OBO (an agent for a person). */
  classification: IdentityClassification;
  /** The trace value that matched (an email, API key id or session id). */
  matchedOn: Scalars['String']['output'];
  method: IdentityMethod;
};

/** Why something failed, and what to do about it. */
export type IntegrationError = {
  __typename?: 'IntegrationError';
  /** Of a run or an integration's status: ENTRA_AUTH_FAILED, PERMISSION_MISSING, CREDENTIAL_EXPIRING, SYNC_STALE, SYNC_TIMEOUT, CREDENTIAL_UNREADABLE, SERVER_IDENTITY_NOT_ALLOWED, SYNC_IN_PROGRESS, INTERRUPTED, NOT_FOUND, INTERNAL, or a Microsoft Graph error code. Of a refused connection test: the AADSTS code Microsoft Entra ID gave (AADSTS7000215), or the reason when it gave none (UNREACHABLE, TOKEN_FILE_UNREADABLE). */
  code: Scalars['String']['output'];
  hint?: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
  /** For ENTRA_AUTH_FAILED, and a refused connection test: which case of the troubleshooting guide, e.g. WRONG_SECRET or CERTIFICATE_NOT_REGISTERED. */
  reason?: Maybe<Scalars['String']['output']>;
};

export enum IntegrationStatus {
  Connected = 'CONNECTED',
  Disabled = 'DISABLED',
  Failed = 'FAILED',
  Pending = 'PENDING',
  Syncing = 'SYNCING',
  Warning = 'WARNING'
}

export type LinkApiKeyInput = {
  /** The key's id or fingerprint, as traces carry it; a raw key is refused. */
  apiKeyId: Scalars['String']['input'];
  /** A directory user's or service principal's object id. */
  holderId: Scalars['ID']['input'];
  label?: InputMaybe<Scalars['String']['input']>;
};

/** The managed identity of the Azure resource the subgraph runs on. */
export type ManagedIdentityCredentialInput = {
  /** A user-assigned identity's client id; absent: the system-assigned identity. */
  clientId?: InputMaybe<Scalars['String']['input']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Tests the connection, seals the credential, saves, and starts the first full sync (admin). */
  addEntraIntegration: EntraIntegration;
  /** Links many keys at once (up to 10,000), reporting each row; all or nothing per call (admin). */
  importApiKeyLinks: ApiKeyImportReport;
  /** Links an API key id to the user or service principal holding it (admin). */
  linkApiKey: ApiKeyLink;
  /** Links a session to its user or service principal, optionally until a time (admin). CONFLICT while another identity holds the session, unless that link has expired. */
  linkSession: SessionLink;
  /** Marks (ai: true) or unmarks an application as an AI tool of the organisation, by app (client) id (admin). The mark survives resyncs and may precede the application's first sync; returns its service principal, null while none is mirrored. */
  markAiApplication?: Maybe<DirectoryServicePrincipal>;
  /** Pauses the integration (DISABLED): no scheduled or manual sync until resumed; a run already going finishes (admin). */
  pauseEntraIntegration: EntraIntegration;
  /** Disconnects the tenant and deletes its mirror data (admin). */
  removeEntraIntegration: Scalars['Boolean']['output'];
  /** Resumes a paused integration: PENDING, and synced at the scheduler's next look (admin). */
  resumeEntraIntegration: EntraIntegration;
  /** Starts a sync now and returns its run, RUNNING (admin). */
  syncEntraIntegration: SyncRun;
  /** Tests credentials without saving anything (admin). */
  testEntraConnection: ConnectionTestResult;
  /** Removes an API key link (admin); NOT_FOUND if there is none. */
  unlinkApiKey: Scalars['Boolean']['output'];
  /** Removes a session link (admin); NOT_FOUND if there is none. */
  unlinkSession: Scalars['Boolean']['output'];
  /** Renames, changes the interval, or rotates or switches the credential, re-tested before it is saved (admin). */
  updateEntraIntegration: EntraIntegration;
};


export type MutationAddEntraIntegrationArgs = {
  input: AddEntraIntegrationInput;
};


export type MutationImportApiKeyLinksArgs = {
  rows: Array<LinkApiKeyInput>;
};


export type MutationLinkApiKeyArgs = {
  input: LinkApiKeyInput;
};


export type MutationLinkSessionArgs = {
  expiresAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  holderId: Scalars['ID']['input'];
  sessionId: Scalars['String']['input'];
};


export type MutationMarkAiApplicationArgs = {
  ai: Scalars['Boolean']['input'];
  appId: Scalars['String']['input'];
};


export type MutationPauseEntraIntegrationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRemoveEntraIntegrationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationResumeEntraIntegrationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSyncEntraIntegrationArgs = {
  id: Scalars['ID']['input'];
  mode?: InputMaybe<SyncMode>;
};


export type MutationTestEntraConnectionArgs = {
  input: EntraCredentialsInput;
};


export type MutationUnlinkApiKeyArgs = {
  apiKeyId: Scalars['String']['input'];
};


export type MutationUnlinkSessionArgs = {
  sessionId: Scalars['String']['input'];
};


export type MutationUpdateEntraIntegrationArgs = {
  id: Scalars['ID']['input'];
  input: UpdateEntraIntegrationInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** Whether the app registration holds one Microsoft Graph permission. */
export type PermissionCheck = {
  __typename?: 'PermissionCheck';
  granted: Scalars['Boolean']['output'];
  hint?: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
  /** A Microsoft Graph application permission, e.g. User.Read.All. */
  permission: Scalars['String']['output'];
  /** How much it matters; null for checks recorded before tiers were. */
  tier?: Maybe<PermissionTier>;
};

/** CORE: what the subgraph is for (people, groups). RECOMMENDED: what access reviews rely on (roles); missing, the integration warns. OPTIONAL: what only some licences offer; missing, it does not. */
export enum PermissionTier {
  Core = 'CORE',
  Optional = 'OPTIONAL',
  Recommended = 'RECOMMENDED'
}

export type Query = {
  __typename?: 'Query';
  /** Key holders that warrant a look (admin). */
  accessReview: AccessFindingConnection;
  /** The organisation's API key links by key id (admin). */
  apiKeyLinks: ApiKeyLinkConnection;
  /** Every department with people in it, by name. */
  departments: Array<Department>;
  /** How current the directory is, for a banner above traces; any caller. */
  directoryFreshness: DirectoryFreshness;
  /** Groups by name. */
  directoryGroups: DirectoryGroupConnection;
  /** A service principal by Entra object id. */
  directoryServicePrincipal?: Maybe<DirectoryServicePrincipal>;
  /** A user by Entra object id. */
  directoryUser?: Maybe<DirectoryUser>;
  /** A user by any of their addresses (mail, UPN, other mails, SMTP proxies), case-insensitively. */
  directoryUserByEmail?: Maybe<DirectoryUser>;
  /** People by name; deleted accounts appear only when filtered by accountStatus DELETED. */
  directoryUsers: DirectoryUserConnection;
  /** One connected tenant (admin); null if there is none. */
  entraIntegration?: Maybe<EntraIntegration>;
  /** The organisation's connected tenants (admin). */
  entraIntegrations: Array<EntraIntegration>;
  /** Up to 10,000 inputs; one result per input, in order. */
  resolveIdentities: Array<ResolvedIdentity>;
};


export type QueryAccessReviewArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AccessReviewFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  inactiveDays?: Scalars['Int']['input'];
};


export type QueryApiKeyLinksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ApiKeyLinkFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryDirectoryGroupsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<DirectoryGroupFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryDirectoryServicePrincipalArgs = {
  id: Scalars['ID']['input'];
};


export type QueryDirectoryUserArgs = {
  id: Scalars['ID']['input'];
};


export type QueryDirectoryUserByEmailArgs = {
  email: Scalars['String']['input'];
};


export type QueryDirectoryUsersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<DirectoryUserFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryEntraIntegrationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryResolveIdentitiesArgs = {
  inputs: Array<IdentityInput>;
};

/** One input's identity; every field null when nothing matched. */
export type ResolvedIdentity = {
  __typename?: 'ResolvedIdentity';
  classification?: Maybe<IdentityClassification>;
  /** The person's department at `at` (now, without `at`). */
  department?: Maybe<Scalars['String']['output']>;
  matchedOn?: Maybe<Scalars['String']['output']>;
  method?: Maybe<IdentityMethod>;
  /** The service principal's object id (NHI, or the agent of OBO). */
  servicePrincipalId?: Maybe<Scalars['ID']['output']>;
  /** Whether its tenant has gone STALE_AFTER_INTERVALS sync intervals without a successful sync (as EntraIntegration.stale): it may miss the directory's recent changes. Null when nothing matched. */
  stale?: Maybe<Scalars['Boolean']['output']>;
  /** When its tenant's last successful sync began: the mirror shows it at least as it was then. Null before the first successful sync. Null when nothing matched. */
  syncedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The person's object id. */
  userId?: Maybe<Scalars['ID']['output']>;
};

/** A directory role as a principal holds it. */
export type RoleAssignment = {
  __typename?: 'RoleAssignment';
  /** When an eligibility ends; null when it is permanent, and for active assignments. */
  expiresAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The group the role is granted to, when held through one (via GROUP). */
  group?: Maybe<DirectoryGroup>;
  role: DirectoryRole;
  /** Null when the role reaches the whole tenant; else what it is limited to, as Entra names it: /administrativeUnits/{id} for an administrative unit, /{id} for one object. */
  scope?: Maybe<Scalars['String']['output']>;
  state: RoleAssignmentState;
  via: RoleGrant;
};

/** ACTIVE: held now. ELIGIBLE: may be activated at any moment through Privileged Identity Management. */
export enum RoleAssignmentState {
  Active = 'ACTIVE',
  Eligible = 'ELIGIBLE'
}

/** DIRECT: granted to the principal itself. GROUP: held as a member of the group it is granted to. */
export enum RoleGrant {
  Direct = 'DIRECT',
  Group = 'GROUP'
}

/** A session id and the identity whose session it is. */
export type SessionLink = {
  __typename?: 'SessionLink';
  createdAt: Scalars['DateTimeISO']['output'];
  /** After this, the session's traces no longer resolve to the holder. */
  expiresAt?: Maybe<Scalars['DateTimeISO']['output']>;
  holderId: Scalars['ID']['output'];
  holderKind: HolderKind;
  sessionId: Scalars['String']['output'];
};

/** INCREMENTAL reads Graph's changes since the last run; FULL re-reads the tenant and sweeps what is gone. */
export enum SyncMode {
  Full = 'FULL',
  Incremental = 'INCREMENTAL'
}

/** One directory sync of an integration. */
export type SyncRun = {
  __typename?: 'SyncRun';
  error?: Maybe<IntegrationError>;
  finishedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** HTTP requests to Microsoft Graph, retries included. */
  graphRequests: Scalars['Int']['output'];
  groupsRemoved: Scalars['Int']['output'];
  groupsUpserted: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  membershipsChanged: Scalars['Int']['output'];
  mode: SyncMode;
  servicePrincipalsRemoved: Scalars['Int']['output'];
  servicePrincipalsUpserted: Scalars['Int']['output'];
  startedAt: Scalars['DateTimeISO']['output'];
  status: SyncStatus;
  /** Users deleted or marked deleted. */
  usersRemoved: Scalars['Int']['output'];
  usersUpserted: Scalars['Int']['output'];
};

/** RUNNING until the run's end; INTERRUPTED: the process running it died or shut down first (nothing applied, the integration due again at once). */
export enum SyncStatus {
  Failed = 'FAILED',
  Interrupted = 'INTERRUPTED',
  Running = 'RUNNING',
  Succeeded = 'SUCCEEDED'
}

/** An AI trace, owned by the traces subgraph; this subgraph adds who made it. */
export type Trace = {
  __typename?: 'Trace';
  apiKeyId?: Maybe<Scalars['String']['output']>;
  /** The department of the trace's person. */
  department?: Maybe<Department>;
  /** The groups of the trace's person. */
  groups: Array<DirectoryGroup>;
  id: Scalars['ID']['output'];
  /** How the trace was tied to its person. */
  identity?: Maybe<IdentityResolution>;
  /** The manager of the trace's person. */
  manager?: Maybe<DirectoryUser>;
  /** The service principal behind the trace: acting alone (NHI) or for its person (OBO). */
  servicePrincipal?: Maybe<DirectoryServicePrincipal>;
  sessionId?: Maybe<Scalars['String']['output']>;
  /** The person who made the trace. */
  user?: Maybe<DirectoryUser>;
  userEmail?: Maybe<Scalars['String']['output']>;
};


/** An AI trace, owned by the traces subgraph; this subgraph adds who made it. */
export type TraceGroupsArgs = {
  kind?: InputMaybe<GroupKind>;
  transitive?: InputMaybe<Scalars['Boolean']['input']>;
};

/** What to change; absent fields are kept. At most one credential, of any kind: it is tested before it replaces the one that works. */
export type UpdateEntraIntegrationInput = {
  certificate?: InputMaybe<CertificateCredentialInput>;
  /** With a credential of another app registration or managed identity (switching from an app to a managed identity, say): its client id, which becomes the integration's. Only together with a credential. */
  clientId?: InputMaybe<Scalars['String']['input']>;
  /** The client secret's value (not its ID). */
  clientSecret?: InputMaybe<Scalars['String']['input']>;
  /** When the client secret expires, for a warning before it does. */
  clientSecretExpiresAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  managedIdentity?: InputMaybe<ManagedIdentityCredentialInput>;
  name?: InputMaybe<Scalars['String']['input']>;
  syncIntervalMinutes?: InputMaybe<Scalars['Int']['input']>;
  workloadIdentity?: InputMaybe<WorkloadIdentityCredentialInput>;
};

/** Workload identity federation: a token from the platform's identity provider, read from a file. */
export type WorkloadIdentityCredentialInput = {
  /** Absolute path of the token file; absent: AZURE_FEDERATED_TOKEN_FILE. */
  tokenFile?: InputMaybe<Scalars['String']['input']>;
};

export type DirectoryUsersQueryVariables = Exact<{
  filter?: InputMaybe<DirectoryUserFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type DirectoryUsersQuery = { __typename?: 'Query', directoryUsers: { __typename?: 'DirectoryUserConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'DirectoryUserEdge', cursor: string, node: { __typename?: 'DirectoryUser', id: string, displayName?: string | null, accountStatus: AccountStatus, department?: { __typename?: 'Department', name: string } | null } }> } };

export type DirectoryGroupsQueryVariables = Exact<{
  filter?: InputMaybe<DirectoryGroupFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type DirectoryGroupsQuery = { __typename?: 'Query', directoryGroups: { __typename?: 'DirectoryGroupConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'DirectoryGroupEdge', cursor: string, node: { __typename?: 'DirectoryGroup', id: string, displayName: string, mail?: string | null, kind: GroupKind } }> } };

export type GroupMembersQueryVariables = Exact<{
  filter?: InputMaybe<DirectoryGroupFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type GroupMembersQuery = { __typename?: 'Query', directoryGroups: { __typename?: 'DirectoryGroupConnection', edges: Array<{ __typename?: 'DirectoryGroupEdge', node: { __typename?: 'DirectoryGroup', displayName: string, memberCount: number, members: { __typename?: 'DirectoryUserConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'DirectoryUserEdge', node: { __typename?: 'DirectoryUser', displayName?: string | null } }> }, one: { __typename?: 'DirectoryUserConnection', edges: Array<{ __typename?: 'DirectoryUserEdge', node: { __typename?: 'DirectoryUser', displayName?: string | null } }> } } }> } };

export type DirectoryUserByEmailQueryVariables = Exact<{
  email: Scalars['String']['input'];
}>;


export type DirectoryUserByEmailQuery = { __typename?: 'Query', directoryUserByEmail?: { __typename?: 'DirectoryUser', id: string, displayName?: string | null, emailAddresses: Array<string>, directReports: Array<{ __typename?: 'DirectoryUser', displayName?: string | null }>, groups: Array<{ __typename?: 'DirectoryGroup', displayName: string }> } | null };

export type DirectReportsQueryVariables = Exact<{
  email: Scalars['String']['input'];
}>;


export type DirectReportsQuery = { __typename?: 'Query', directoryUserByEmail?: { __typename?: 'DirectoryUser', directReports: Array<{ __typename?: 'DirectoryUser', id: string, displayName?: string | null, emailAddresses: Array<string>, accountStatus: AccountStatus }> } | null };

export type DepartmentsQueryVariables = Exact<{ [key: string]: never; }>;


export type DepartmentsQuery = { __typename?: 'Query', departments: Array<{ __typename?: 'Department', name: string, userCount: number, users: { __typename?: 'DirectoryUserConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean }, edges: Array<{ __typename?: 'DirectoryUserEdge', node: { __typename?: 'DirectoryUser', displayName?: string | null } }> } }> };

export type DepartmentPeopleQueryVariables = Exact<{
  email: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type DepartmentPeopleQuery = { __typename?: 'Query', directoryUserByEmail?: { __typename?: 'DirectoryUser', department?: { __typename?: 'Department', name: string, users: { __typename?: 'DirectoryUserConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'DirectoryUserEdge', node: { __typename?: 'DirectoryUser', displayName?: string | null } }> } } | null } | null };


export const DirectoryUsersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DirectoryUsers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DirectoryUserFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"directoryUsers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"accountStatus"}},{"kind":"Field","name":{"kind":"Name","value":"department"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DirectoryUsersQuery, DirectoryUsersQueryVariables>;
export const DirectoryGroupsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DirectoryGroups"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DirectoryGroupFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"directoryGroups"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"mail"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DirectoryGroupsQuery, DirectoryGroupsQueryVariables>;
export const GroupMembersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GroupMembers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DirectoryGroupFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"directoryGroups"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"one"},"name":{"kind":"Name","value":"members"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<GroupMembersQuery, GroupMembersQueryVariables>;
export const DirectoryUserByEmailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DirectoryUserByEmail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"directoryUserByEmail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"emailAddresses"}},{"kind":"Field","name":{"kind":"Name","value":"directReports"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"groups"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"transitive"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<DirectoryUserByEmailQuery, DirectoryUserByEmailQueryVariables>;
export const DirectReportsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DirectReports"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"directoryUserByEmail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"directReports"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"emailAddresses"}},{"kind":"Field","name":{"kind":"Name","value":"accountStatus"}}]}}]}}]}}]} as unknown as DocumentNode<DirectReportsQuery, DirectReportsQueryVariables>;
export const DepartmentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Departments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"departments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"userCount"}},{"kind":"Field","name":{"kind":"Name","value":"users"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"2"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DepartmentsQuery, DepartmentsQueryVariables>;
export const DepartmentPeopleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DepartmentPeople"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"directoryUserByEmail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"department"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"users"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DepartmentPeopleQuery, DepartmentPeopleQueryVariables>;