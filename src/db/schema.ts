// The PostgreSQL mirror of each connected Entra ID tenant, and the integrations that own it.
//
// Every mirror row carries its integration id: an integration belongs to one organisation,
// so every lookup is scoped by joining through `integrations.org_id`. Rows are written only by
// `src/mirror/` (one file per kind of row); resolvers read them through loaders.
//
// A trace names a person by address or object id, never by integration, so the readers' lookups
// are by key over all of an organisation's integrations: the indexes they use lead with the key
// (an address, a user's id, a member's, a principal's), then the integration. Led by the
// integration, each key costs one probe per integration of the organisation, and the planner
// would rather scan: with thirty-one tenants in one organisation, a page of traces took nearly
// three times as long (see BENCHMARKS.md). A run's writes and sweeps, scoped to one
// integration, use the integration-led indexes.
import { sql } from "drizzle-orm";
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { AZURE_CLOUDS } from "../directory/azure-clouds.js";
import { CREDENTIAL_KINDS } from "../directory/credential-kinds.js";
import { GROUP_KINDS } from "../directory/group-kind.js";
import { ROLE_ASSIGNMENT_STATES } from "../directory/role-assignment-state.js";
import { SYNC_MODES } from "../directory/sync-modes.js";
import { INTEGRATION_STATUSES } from "../integrations/integration-status.js";
import type { PermissionTier } from "../integrations/permission-tier.js";
import { SYNC_STATUSES } from "../integrations/sync-status.js";
import { HOLDER_KINDS } from "../links/holder-kind.js";

/** One permission as the last connection test saw it (see `src/entra/connection-test.ts`). */
export interface PermissionCheckRow {
  permission: string;
  /** Absent from checks recorded before tiers were. */
  tier?: PermissionTier;
  granted: boolean;
  message: string;
  hint: string | null;
}

/** A failure as recorded on a sync run or an integration: a code a caller can act on. */
export interface IntegrationErrorRow {
  code: string;
  message: string;
  hint: string | null;
  /** For ENTRA_AUTH_FAILED: which case of docs/troubleshooting.md (EntraAuthError's reason). */
  reason?: string;
}

/**
 * A directory object's id as Graph gives it (a GUID), compared byte by byte: `C` collation.
 * Object ids are matched and joined, never shown in order, and under a database's locale every
 * comparison in every index a sync writes would go through the C library's collation rules (and
 * sorts lose their abbreviated keys). Every column that holds an object id uses it, so that joins
 * between them compare under one collation and keep their indexes.
 */
const objectId = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const integrations = pgTable(
  "integrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: text("org_id").notNull(),
    name: text("name").notNull(),
    tenantId: text("tenant_id").notNull(),
    /** The tenant's GUID as the token endpoint reports it (`tid`), whatever form the admin typed. */
    directoryTenantId: text("directory_tenant_id"),
    clientId: text("client_id").notNull(),
    cloud: text("cloud", { enum: AZURE_CLOUDS }).notNull().default("GLOBAL"),
    /** The whole credential, sealed (src/integrations/sealed-credential.ts); never in the clear. */
    sealedCredential: text("sealed_credential").notNull(),
    // What may be shown of the credential, written with it, so that reading an integration never
    // unseals: its kind, its hint (a secret's last characters, a certificate's thumbprint...) and
    // when it stops working, when known.
    credentialKind: text("credential_kind", { enum: CREDENTIAL_KINDS }).notNull(),
    credentialHint: text("credential_hint").notNull(),
    credentialExpiresAt: timestamp("credential_expires_at", { withTimezone: true }),
    /** Written only by src/integrations/status.ts, the status machine. */
    status: text("status", { enum: INTEGRATION_STATUSES }).notNull().default("PENDING"),
    statusError: jsonb("status_error").$type<IntegrationErrorRow>(),
    permissions: jsonb("permissions").$type<PermissionCheckRow[]>().notNull().default([]),
    syncIntervalMinutes: integer("sync_interval_minutes"),
    usersDeltaLink: text("users_delta_link"),
    groupsDeltaLink: text("groups_delta_link"),
    servicePrincipalsDeltaLink: text("service_principals_delta_link"),
    /** The queries the delta links continue: src/entra/sync/types.ts, DeltaLinks.queries. */
    deltaLinksQueries: text("delta_links_queries"),
    nextSyncAt: timestamp("next_sync_at", { withTimezone: true }),
    /** When the latest successful run finished; null until one has. Written by status.ts. */
    lastSuccessfulSyncAt: timestamp("last_successful_sync_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    // A tenant is connected at most once per organisation (CONFLICT otherwise).
    uniqueIndex("integrations_org_tenant_idx").on(t.orgId, sql`lower(${t.tenantId})`),
    uniqueIndex("integrations_org_directory_tenant_idx").on(t.orgId, t.directoryTenantId),
    index("integrations_next_sync_idx").on(t.nextSyncAt),
  ],
);

export const syncRuns = pgTable(
  "sync_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    mode: text("mode", { enum: SYNC_MODES }).notNull(),
    status: text("status", { enum: SYNC_STATUSES }).notNull().default("RUNNING"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    usersUpserted: integer("users_upserted").notNull().default(0),
    usersRemoved: integer("users_removed").notNull().default(0),
    groupsUpserted: integer("groups_upserted").notNull().default(0),
    groupsRemoved: integer("groups_removed").notNull().default(0),
    membershipsChanged: integer("memberships_changed").notNull().default(0),
    servicePrincipalsUpserted: integer("service_principals_upserted").notNull().default(0),
    servicePrincipalsRemoved: integer("service_principals_removed").notNull().default(0),
    graphRequests: integer("graph_requests").notNull().default(0),
    error: jsonb("error").$type<IntegrationErrorRow>(),
  },
  (t) => [index("sync_runs_integration_idx").on(t.integrationId, t.startedAt)],
);

/**
 * The integration that owns a mirror row, without a foreign key: a key checks every row a sync
 * writes, a million and more for a large tenant, and those checks took a quarter of a full sync's
 * time (BENCHMARKS.md). What the key guarded is kept by the integration's two writers instead: a
 * run holds its integration's row until it commits (`holdIntegrationForRun` in
 * src/integrations/store.ts), and removal deletes the rows of every table of `MIRROR_TABLES`.
 */
const integrationId = () => uuid("integration_id").notNull();

export const directoryUsers = pgTable(
  "directory_users",
  {
    integrationId: integrationId(),
    id: objectId("id").notNull(),
    displayName: text("display_name"),
    mail: text("mail"),
    userPrincipalName: text("user_principal_name").notNull(),
    jobTitle: text("job_title"),
    department: text("department"),
    accountEnabled: boolean("account_enabled").notNull().default(true),
    userType: text("user_type"),
    otherMails: text("other_mails").array().notNull().default([]),
    proxyAddresses: text("proxy_addresses").array().notNull().default([]),
    managerId: objectId("manager_id"),
    /** Set when Graph reports the user soft-deleted (`@removed: changed`): a tombstone. */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    /** The sync run that last saw this user: a full resync sweeps those it did not see. */
    seenInRun: uuid("seen_in_run"),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.integrationId] }),
    index("directory_users_manager_idx").on(t.integrationId, t.managerId),
    index("directory_users_department_idx").on(t.integrationId, t.department),
    index("directory_users_name_idx").on(t.integrationId, t.displayName, t.id),
  ],
);

/**
 * Every lower-cased address a user is known by (mail, UPN, otherMails, SMTP proxies), so
 * that a trace's email finds its person with one index lookup whichever address it carries.
 */
export const directoryUserEmails = pgTable(
  "directory_user_emails",
  {
    integrationId: integrationId(),
    address: text("address").notNull(),
    userId: objectId("user_id").notNull(),
    /** Lower rank wins when two users share an address: mail, UPN, other mails, proxies. */
    rank: integer("rank").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.address, t.integrationId, t.userId] }),
    index("directory_user_emails_user_idx").on(t.integrationId, t.userId),
  ],
);

export const directoryGroups = pgTable(
  "directory_groups",
  {
    integrationId: integrationId(),
    id: objectId("id").notNull(),
    displayName: text("display_name").notNull(),
    mail: text("mail"),
    description: text("description"),
    groupTypes: text("group_types").array().notNull().default([]),
    mailEnabled: boolean("mail_enabled").notNull().default(false),
    securityEnabled: boolean("security_enabled").notNull().default(false),
    /** Derived from the three above (see `groupKind` in src/directory/group-kind.ts). */
    kind: text("kind", { enum: GROUP_KINDS }).notNull(),
    seenInRun: uuid("seen_in_run"),
  },
  (t) => [
    primaryKey({ columns: [t.integrationId, t.id] }),
    index("directory_groups_name_idx").on(t.integrationId, t.displayName, t.id),
  ],
);

/** Direct memberships. A member is a user or a group (nesting); the closure is a recursive query. */
export const groupMemberships = pgTable(
  "group_memberships",
  {
    integrationId: integrationId(),
    groupId: objectId("group_id").notNull(),
    memberId: objectId("member_id").notNull(),
    memberType: text("member_type").notNull(),
    seenInRun: uuid("seen_in_run"),
  },
  (t) => [
    primaryKey({ columns: [t.integrationId, t.groupId, t.memberId] }),
    index("group_memberships_member_idx").on(t.memberId, t.integrationId),
  ],
);

/**
 * The tenant's role definitions (built-in and custom), by role definition id: for a built-in
 * role that is its template id, the same GUID in every tenant.
 */
export const directoryRoles = pgTable(
  "directory_roles",
  {
    integrationId: integrationId(),
    id: objectId("id").notNull(),
    displayName: text("display_name").notNull(),
    roleTemplateId: objectId("role_template_id").notNull(),
    /** When the definitions were read from Graph: a renamed custom role is read again a day later at most. */
    readAt: timestamp("read_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.integrationId, t.id] })],
);

/**
 * Who holds which role, at which scope, active or eligible, as the unified role management API
 * lists them. A principal may be a group: its members hold the role through it (see
 * src/loaders/role-assignments.ts). Rows written before eligibilities were read are tenant-wide
 * active assignments, which the defaults say.
 */
export const roleAssignments = pgTable(
  "role_assignments",
  {
    integrationId: integrationId(),
    /** The role definition's id (directory_roles.id). */
    roleId: objectId("role_id").notNull(),
    /** A user, a (role-assignable) group or a service principal. */
    principalId: objectId("principal_id").notNull(),
    state: text("state", { enum: ROLE_ASSIGNMENT_STATES }).notNull().default("ACTIVE"),
    /** "/" for the whole tenant, "/administrativeUnits/{id}" for an administrative unit, "/{id}" for one object. */
    directoryScopeId: text("directory_scope_id").notNull().default("/"),
    /** When an eligibility ends; null when it is permanent, and for active assignments. */
    endsAt: timestamp("ends_at", { withTimezone: true }),
  },
  (t) => [
    // A unique index rather than a primary key: changing the key's columns in place, drizzle-kit
    // would constrain columns before adding them.
    uniqueIndex("role_assignments_grant_idx").on(t.integrationId, t.roleId, t.principalId, t.state, t.directoryScopeId),
    index("role_assignments_principal_idx").on(t.principalId, t.integrationId),
  ],
);

/**
 * Service principals (non-human identities) of a connected tenant: synced from
 * `/servicePrincipals/delta`, owners from `/servicePrincipals/{id}/owners`.
 */
export const directoryServicePrincipals = pgTable(
  "directory_service_principals",
  {
    integrationId: integrationId(),
    id: objectId("id").notNull(),
    appId: objectId("app_id"),
    displayName: text("display_name"),
    /** Application, ManagedIdentity, Legacy, SocialIdp. */
    servicePrincipalType: text("service_principal_type"),
    accountEnabled: boolean("account_enabled").notNull().default(true),
    /**
     * Whether only the principals assigned to it may sign in (false: anyone in the tenant may);
     * null until read (mirrored before it was).
     */
    appRoleAssignmentRequired: boolean("app_role_assignment_required"),
    /** Object ids of the users (or service principals) who own it. */
    ownerIds: text("owner_ids").array().notNull().default([]),
    /**
     * When its owners were read (null: never, as for a principal Graph's replicas did not know yet
     * when its owners were asked for): a day later they are read again (src/entra/sync/service-principals.ts).
     */
    ownersReadAt: timestamp("owners_read_at", { withTimezone: true }),
    seenInRun: uuid("seen_in_run"),
  },
  (t) => [
    primaryKey({ columns: [t.integrationId, t.id] }),
    index("directory_service_principals_name_idx").on(t.integrationId, t.displayName, t.id),
  ],
);

/**
 * Who is assigned to each enterprise application, as `/servicePrincipals/{id}/appRoleAssignedTo`
 * lists them: users, groups (whose direct members hold the access through them, see
 * src/loaders/app-assignments.ts) and service principals.
 */
export const appRoleAssignments = pgTable(
  "app_role_assignments",
  {
    integrationId: integrationId(),
    /** Graph's id of the assignment. */
    id: objectId("id").notNull(),
    /** The application's service principal. */
    resourceId: objectId("resource_id").notNull(),
    principalId: objectId("principal_id").notNull(),
    /** User, Group or ServicePrincipal, as Graph names them. */
    principalType: text("principal_type").notNull(),
    principalDisplayName: text("principal_display_name"),
    appRoleId: objectId("app_role_id").notNull(),
    /** The app role's display name from the application's appRoles; null for default access. */
    appRoleName: text("app_role_name"),
  },
  (t) => [
    primaryKey({ columns: [t.integrationId, t.id] }),
    index("app_role_assignments_principal_idx").on(t.principalId, t.integrationId),
    index("app_role_assignments_resource_idx").on(t.integrationId, t.resourceId, t.principalDisplayName, t.id),
  ],
);

/**
 * The applications an organisation's admins marked as AI tools, by app id (the same in every
 * tenant). Owned by the organisation, not by an integration: a mark survives resyncs, and may
 * precede the application's first sync.
 */
export const aiApplications = pgTable(
  "ai_applications",
  {
    orgId: text("org_id").notNull(),
    appId: objectId("app_id").notNull(),
    markedBy: text("marked_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.appId] })],
);

/**
 * Each user's last sign-in (the later of the interactive and the non-interactive one), where
 * the app may read sign-in activity. No row: unknown; a row with a null date: never signed in.
 */
export const userSignIns = pgTable(
  "user_sign_ins",
  {
    integrationId: integrationId(),
    userId: objectId("user_id").notNull(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
    /** Graph's createdDateTime, read with the sign-ins: how long an account that never signed in has existed. */
    accountCreatedAt: timestamp("account_created_at", { withTimezone: true }),
    /** When the run that wrote it read Graph: src/entra/sync/sign-in-activity.ts reads again a day later. */
    readAt: timestamp("read_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.integrationId, t.userId] })],
);

/**
 * Each department a user has had, from when the mirror saw it: traces are grouped by the
 * department a person had when the trace happened, not the one they have now. `validFrom`
 * null means "since before the first sync" (the mirror cannot know earlier).
 */
export const userDepartmentHistory = pgTable(
  "user_department_history",
  {
    integrationId: integrationId(),
    userId: objectId("user_id").notNull(),
    validFrom: timestamp("valid_from", { withTimezone: true }),
    department: text("department"),
  },
  (t) => [index("user_department_history_user_idx").on(t.integrationId, t.userId, t.validFrom)],
);

/**
 * API key ids linked to the identity that holds the key. Owned by the organisation, not by an
 * integration: links survive a resync, and outlive their holder (the access review reports them).
 * Only identifiers or fingerprints are stored, never a key itself (see src/links/secret-shapes.ts).
 */
export const apiKeyLinks = pgTable(
  "api_key_links",
  {
    orgId: text("org_id").notNull(),
    apiKeyId: text("api_key_id").notNull(),
    /** A directory user's or service principal's object id. */
    holderId: objectId("holder_id").notNull(),
    /** USER or SERVICE_PRINCIPAL, as it was when linked. */
    holderKind: text("holder_kind", { enum: HOLDER_KINDS }).notNull(),
    label: text("label"),
    linkedBy: text("linked_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.apiKeyId] }),
    index("api_key_links_holder_idx").on(t.orgId, t.holderId),
  ],
);

/** Session ids linked to the identity whose session it is, until `expiresAt` (null: no expiry). */
export const sessionLinks = pgTable(
  "session_links",
  {
    orgId: text("org_id").notNull(),
    sessionId: text("session_id").notNull(),
    holderId: objectId("holder_id").notNull(),
    holderKind: text("holder_kind", { enum: HOLDER_KINDS }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    linkedBy: text("linked_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.sessionId] }),
    index("session_links_holder_idx").on(t.orgId, t.holderId),
  ],
);

/** Every table of the mirror: rows owned by one integration (`integrationId`), written by its runs. */
export const MIRROR_TABLES = [
  directoryUsers,
  directoryUserEmails,
  directoryGroups,
  groupMemberships,
  directoryRoles,
  roleAssignments,
  directoryServicePrincipals,
  appRoleAssignments,
  userSignIns,
  userDepartmentHistory,
] as const;
