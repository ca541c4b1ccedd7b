// "Test Connection": can these credentials get a token, and may the app read what the sync
// needs? Each concern gets its own verdict, worded after the product's troubleshooting section.
import type { CredentialKind } from "../directory/credential-kinds.js";
import { GLOBAL_ADMINISTRATOR } from "../directory/privileged-roles.js";
import type { PermissionTier } from "../integrations/permission-tier.js";
import { EntraAuthError, type EntraAuthFailure, type TokenSource } from "./credentials.js";
import type { Deadlines } from "./deadline-fetch.js";
import { GraphClient, GraphError, type GraphClientOptions } from "./graph-client.js";
import type { DirectoryResource, GraphPermission } from "./graph-permissions.js";
import { isPimUnlicensed, isSignInActivityUnlicensed } from "./licence-errors.js";

export interface PermissionCheck {
  readonly permission: GraphPermission;
  readonly tier: PermissionTier;
  readonly granted: boolean;
  readonly message: string;
  /** What to do about it; null when granted. */
  readonly hint: string | null;
}

export interface ConnectionReport {
  readonly authenticated: boolean;
  /** The tenant that issued the token (`tid`). */
  readonly tenantId?: string;
  /** The application or managed identity the token was issued to. */
  readonly clientId?: string;
  /** Why no token was issued; absent when authenticated. */
  readonly error?: {
    readonly reason: EntraAuthFailure;
    readonly aadsts?: string;
    readonly message: string;
    readonly hint: string;
  };
  /** One per permission, in a fixed order; empty when authentication failed. */
  readonly checks: PermissionCheck[];
}

interface Requirement {
  readonly permission: GraphPermission;
  readonly tier: PermissionTier;
  /** What the sync reads with it, skipped without it (src/entra/sync/permission-denied.ts). */
  readonly resources: readonly DirectoryResource[];
  /** What it lets the app read, for the message when a broader role grants it. */
  readonly reads: string;
  /** Roles that include this permission, the permission itself first. */
  readonly impliedBy: readonly string[];
  /** The cheapest read that needs the permission. */
  readonly probe: string;
  /** What the sync loses without it, after the product's troubleshooting headings. */
  readonly withoutIt: string;
  /**
   * For a feature some licences lack: how Graph's answer to the probe says the tenant lacks it
   * (the permission is granted; there is nothing to read), and what to tell the admin.
   */
  readonly unlicensed?: { readonly answeredBy: (error: unknown) => boolean; readonly note: string };
}

// The Global Administrators: a few at most, so a probe that reads role assignments stays cheap.
const GLOBAL_ADMINISTRATORS = `roleDefinitionId eq '${GLOBAL_ADMINISTRATOR}'`;

const REQUIREMENTS: readonly Requirement[] = [
  {
    permission: "User.Read.All",
    resources: ["users", "deletedUsers"],
    tier: "CORE",
    reads: "users",
    impliedBy: ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    probe: "/v1.0/users?$top=1&$select=id",
    withoutIt: "users will not appear",
  },
  {
    permission: "Group.Read.All",
    resources: ["groups"],
    tier: "CORE",
    reads: "groups",
    impliedBy: ["Group.Read.All", "Group.ReadWrite.All", "GroupMember.Read.All", "GroupMember.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    probe: "/v1.0/groups?$top=1&$select=id",
    withoutIt: "groups will not sync",
  },
  {
    permission: "RoleManagement.Read.Directory",
    resources: ["roleAssignments"],
    tier: "RECOMMENDED",
    reads: "directory data",
    impliedBy: [
      "RoleManagement.Read.Directory",
      "RoleManagement.Read.All",
      "RoleManagement.ReadWrite.Directory",
      "Directory.Read.All",
      "Directory.ReadWrite.All",
    ],
    probe: `/v1.0/roleManagement/directory/roleAssignments?$select=id&$filter=${GLOBAL_ADMINISTRATORS}`,
    withoutIt: "role assignments will not sync and the access review will not see privileged roles",
  },
  {
    permission: "RoleEligibilitySchedule.Read.Directory",
    resources: ["roleEligibilities"],
    tier: "RECOMMENDED",
    reads: "role assignments",
    impliedBy: [
      "RoleEligibilitySchedule.Read.Directory",
      "RoleEligibilitySchedule.ReadWrite.Directory",
      "RoleManagement.Read.Directory",
      "RoleManagement.Read.All",
      "RoleManagement.ReadWrite.Directory",
    ],
    probe: `/v1.0/roleManagement/directory/roleEligibilityScheduleInstances?$select=id&$filter=${GLOBAL_ADMINISTRATORS}`,
    withoutIt: "roles people may activate in Privileged Identity Management (eligible assignments) will not sync",
    unlicensed: {
      answeredBy: isPimUnlicensed,
      note: "the tenant has no Microsoft Entra ID P2 (or Governance) licence, so no one is eligible for a role and there is nothing more to read",
    },
  },
  {
    permission: "Application.Read.All",
    resources: ["servicePrincipals", "appAssignments"],
    tier: "RECOMMENDED",
    reads: "service principals",
    impliedBy: ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    probe: "/v1.0/servicePrincipals?$top=1&$select=id",
    withoutIt:
      "service principals will not sync: traces made with an application's key will not be told apart as an agent's (NHI or OBO), and who is assigned to each enterprise application will not be read",
  },
  {
    permission: "AuditLog.Read.All",
    resources: [],
    tier: "OPTIONAL",
    reads: "audit logs",
    impliedBy: ["AuditLog.Read.All"],
    probe: "/v1.0/users?$top=1&$select=id,signInActivity",
    withoutIt: "users' last sign-ins will be unknown and the access review will not find inactive accounts",
    unlicensed: {
      answeredBy: isSignInActivityUnlicensed,
      note: "the tenant has no Microsoft Entra ID P1 or P2 licence, so Graph keeps no sign-in activity to read and inactive accounts will not be found",
    },
  },
];

/**
 * How an admin grants Microsoft Graph permissions to the credential's identity: consent in the
 * app registration, or, for a managed identity, which has no app registration and no consent
 * page, app roles assigned to it.
 */
export function howToGrant(kind: CredentialKind, permissions: string): string {
  return kind === "MANAGED_IDENTITY"
    ? `A managed identity has no API permissions page and no consent: assign it Microsoft Graph's app roles ${permissions} (az rest --method POST .../servicePrincipals/<identity's object id>/appRoleAssignments; docs/connecting-a-tenant.md, 3d); a new assignment can take a few minutes to apply`
    : `In the app registration, add the Microsoft Graph application permissions ${permissions} under API permissions and click Grant admin consent (not just request it); a new grant can take a few minutes to apply`;
}

// An admin is waiting on the button: a throttled probe gets two short retries, not minutes, and
// a probe Graph never answers is given up after seconds rather than a sync's minute.
const PROBE_RETRIES = 2;
const PROBE_MAX_DELAY_MS = 5_000;
const PROBE_DEADLINES: Deadlines = { headersMs: 15_000, bodyMs: 15_000 };

export interface ConnectionTestOptions extends Pick<GraphClientOptions, "priority" | "onAttempt" | "signal"> {
  /** How long each permission probe waits for Graph; default 15 s for headers and for the body. */
  readonly deadlines?: Deadlines;
}

export async function testConnection(
  tokenSource: TokenSource,
  graphBaseUrl: string,
  options: ConnectionTestOptions = {},
): Promise<ConnectionReport> {
  let token;
  try {
    // A test is asked for after a change in Entra (a role assigned, consent granted): a token
    // cached from before it, as a managed identity's is for the whole process, would answer for before.
    token = await tokenSource.getToken({ fresh: true });
  } catch (error) {
    if (!(error instanceof EntraAuthError)) throw error;
    const { reason, aadsts, message, hint } = error;
    return { authenticated: false, error: { reason, aadsts, message, hint }, checks: [] };
  }

  // Without admin consent Entra still issues a token, just one with no `roles` claim.
  if (token.roles.length === 0) {
    return {
      authenticated: true,
      tenantId: token.tenantId,
      clientId: token.clientId,
      checks: REQUIREMENTS.map(({ permission, tier, withoutIt }) => ({
        permission,
        tier,
        granted: false,
        message:
          tokenSource.kind === "MANAGED_IDENTITY"
            ? `${permission}: the managed identity holds no Microsoft Graph app role, so ${withoutIt}.`
            : `${permission}: admin consent was not granted (only requested), so ${withoutIt}.`,
        hint: howToGrant(tokenSource.kind, permission),
      })),
    };
  }

  const graph = new GraphClient({
    baseUrl: graphBaseUrl,
    token: async (fresh) => (await tokenSource.getToken({ fresh })).accessToken,
    maxRetries: PROBE_RETRIES,
    maxRetryDelayMs: PROBE_MAX_DELAY_MS,
    deadlines: options.deadlines ?? PROBE_DEADLINES,
    priority: options.priority,
    onAttempt: options.onAttempt,
    signal: options.signal,
  });
  const checks = await Promise.all(
    REQUIREMENTS.map((requirement) => checkPermission(requirement, token.roles, graph, tokenSource.kind)),
  );
  return { authenticated: true, tenantId: token.tenantId, clientId: token.clientId, checks };
}

/** Whether a token's `roles` grant `permission`, itself or through a role that includes it. */
export function rolesGrant(roles: readonly string[], permission: GraphPermission): boolean {
  const requirement = REQUIREMENTS.find((candidate) => candidate.permission === permission);
  return (requirement?.impliedBy ?? [permission]).some((role) => roles.includes(role));
}

/** The least permission that reads `resource`, as the connection test names it. */
export function permissionReading(resource: DirectoryResource): GraphPermission {
  const requirement = REQUIREMENTS.find((candidate) => candidate.resources.includes(resource));
  if (!requirement) throw new Error(`No requirement of the connection test reads ${resource}`);
  return requirement.permission;
}

/**
 * Whether checks made earlier disagree with what a token's roles grant: an admin granted or
 * withdrew consent, or added a permission, since they were made. A check Graph refused though the
 * roles list its permission (a grant still reaching Graph) disagrees too, so the runs that follow
 * check again until Graph agrees.
 */
export function checksOutdated(checks: readonly { permission: string; granted: boolean }[], roles: readonly string[]): boolean {
  return REQUIREMENTS.some(({ permission, impliedBy }) => {
    const check = checks.find((recorded) => recorded.permission === permission);
    return check?.granted !== impliedBy.some((role) => roles.includes(role));
  });
}

/** The roles claim says whether consent covers the permission; a probe confirms Graph agrees. */
async function checkPermission(
  { permission, tier, reads, impliedBy, probe, withoutIt, unlicensed }: Requirement,
  roles: readonly string[],
  graph: GraphClient,
  kind: CredentialKind,
): Promise<PermissionCheck> {
  const grantedBy = impliedBy.find((role) => roles.includes(role));
  const missing = {
    permission,
    tier,
    granted: false,
    message: `${permission} is not granted, so ${withoutIt}.`,
    hint: howToGrant(kind, permission),
  };
  if (!grantedBy) return missing;

  const grantedHow =
    grantedBy === permission
      ? `${permission} is granted`
      : `${permission} is granted through ${grantedBy}, which also lets ${reads} be read`;
  const granted = { permission, tier, granted: true, message: `${grantedHow}.`, hint: null };
  try {
    await graph.getJson(probe);
  } catch (error) {
    if (unlicensed?.answeredBy(error)) return { ...granted, message: `${grantedHow}; ${unlicensed.note}.` };
    if (!(error instanceof GraphError)) throw error;
    if (error.status === 403) {
      return {
        ...missing,
        message: `${permission} is listed in the token, but Microsoft Graph denied access (${error.code}), so ${withoutIt}.`,
        hint: howToGrant(kind, permission),
      };
    }
    return {
      ...missing,
      message: `${permission} could not be confirmed: ${error.message}`,
      hint: "Try the connection test again in a few minutes.",
    };
  }
  return granted;
}
