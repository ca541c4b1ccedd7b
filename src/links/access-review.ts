// The access review: which API key holders warrant a look. Computed from the organisation's key
// links and the mirror as it is now, so a finding disappears once its cause is fixed and synced.
import type { ApiKeyLinkRow } from "./api-key-links.js";
import { isPrivilegedRole } from "../directory/privileged-roles.js";
import type { RoleAssignmentState } from "../directory/role-assignment-state.js";
import type { RoleGrant } from "../directory/role-grant.js";
import type { KnownSignIns } from "../directory/known-sign-ins.js";
import type { HolderKind } from "./holder-kind.js";

/** Why a key holder warrants a look. */
export const ACCESS_FINDING_KINDS = [
  "DISABLED_ACCOUNT",
  "DELETED_ACCOUNT",
  "GUEST",
  "PRIVILEGED_ROLE",
  "SERVICE_PRINCIPAL_WITHOUT_OWNER",
  "DISABLED_SERVICE_PRINCIPAL",
  "MISSING_IDENTITY",
  "INACTIVE_ACCOUNT",
] as const;

export type AccessFindingKind = (typeof ACCESS_FINDING_KINDS)[number];

export interface AccessFinding {
  kind: AccessFindingKind;
  subjectId: string;
  subjectKind: HolderKind;
  department: string | null;
  apiKeyIds: string[];
  /** When the oldest of the subject's keys was linked: the subject has held keys since then. */
  since: Date;
  detail: string;
}

/** A role as a holder holds it: active or eligible, directly or through a group, at a scope. */
export interface HeldRole {
  role: { displayName: string; roleTemplateId: string };
  state: RoleAssignmentState;
  via: RoleGrant;
  groupName: string | null;
  /** "/" for the whole tenant. */
  directoryScopeId: string;
}

/** What the review needs to know of each holder, read in batches by the caller. */
export interface HolderFacts {
  user(id: string): Promise<{ accountEnabled: boolean; deletedAt: Date | null; userType: string | null; department: string | null } | null>;
  servicePrincipal(id: string): Promise<{ accountEnabled: boolean; ownerIds: string[] } | null>;
  roleAssignments(id: string): Promise<HeldRole[]>;
  /** What the mirror read of the user's sign-ins; null when it read nothing, which finds nothing. */
  signIns(id: string): Promise<KnownSignIns | null>;
}

/** How the review judges: a person whose last sign-in is before `inactiveSince` is inactive. */
export interface ReviewOptions {
  inactiveSince: Date;
  /** The threshold in days, for the finding's detail. */
  inactiveDays: number;
}

/** An account unused this long is a finding unless the caller says otherwise. */
export const DEFAULT_INACTIVE_DAYS = 90;

/** Every finding, by kind then subject id. */
export async function reviewAccess(links: ApiKeyLinkRow[], facts: HolderFacts, options: ReviewOptions): Promise<AccessFinding[]> {
  const byHolder = new Map<string, ApiKeyLinkRow[]>();
  for (const link of links) byHolder.set(link.holderId, [...(byHolder.get(link.holderId) ?? []), link]);
  const findings = (await Promise.all([...byHolder.values()].map((held) => findingsOf(held, facts, options)))).flat();
  return findings.sort(inReviewOrder);
}

/** The review's order, of findings or of their keys: by kind, then subject id. */
export function inReviewOrder(a: { kind: string; subjectId: string }, b: { kind: string; subjectId: string }): number {
  return a.kind.localeCompare(b.kind) || a.subjectId.localeCompare(b.subjectId);
}

// Private helpers below.

async function findingsOf(held: ApiKeyLinkRow[], facts: HolderFacts, options: ReviewOptions): Promise<AccessFinding[]> {
  const { holderId, holderKind } = held[0];
  const isUser = holderKind === "USER";
  const [user, servicePrincipal, roles, signIns] = await Promise.all([
    isUser ? facts.user(holderId) : null,
    isUser ? null : facts.servicePrincipal(holderId),
    facts.roleAssignments(holderId),
    isUser ? facts.signIns(holderId) : null,
  ]);
  const finding = (kind: AccessFindingKind, detail: string): AccessFinding => ({
    kind,
    subjectId: holderId,
    subjectKind: isUser ? "USER" : "SERVICE_PRINCIPAL",
    department: user?.department ?? null,
    apiKeyIds: held.map((link) => link.apiKeyId).sort(),
    since: new Date(Math.min(...held.map((link) => link.createdAt.getTime()))),
    detail,
  });
  const findings: AccessFinding[] = [];
  if (isUser ? !user : !servicePrincipal) {
    return [finding("MISSING_IDENTITY", "The key's holder no longer exists in the directory")];
  }
  if (user?.deletedAt) findings.push(finding("DELETED_ACCOUNT", "The account was deleted but still holds keys"));
  else if (user && !user.accountEnabled) findings.push(finding("DISABLED_ACCOUNT", "The account is disabled but still holds keys"));
  if (user?.userType === "Guest") findings.push(finding("GUEST", "A guest account holds keys"));
  // Deleted and disabled accounts have their own findings; an unknown sign-in finds nothing.
  const inactive = user && !user.deletedAt && user.accountEnabled && signIns ? inactivity(signIns, options) : null;
  if (inactive) findings.push(finding("INACTIVE_ACCOUNT", inactive));
  if (servicePrincipal && !servicePrincipal.accountEnabled) {
    findings.push(finding("DISABLED_SERVICE_PRINCIPAL", "The service principal is disabled but still holds keys"));
  }
  if (servicePrincipal && servicePrincipal.ownerIds.length === 0) {
    findings.push(finding("SERVICE_PRINCIPAL_WITHOUT_OWNER", "No one owns this service principal"));
  }
  const privileged = roles.filter((assignment) => isPrivilegedRole(assignment.role.roleTemplateId)).map(describeHeldRole);
  if (privileged.length > 0) {
    findings.push(finding("PRIVILEGED_ROLE", `Holds keys and the role${privileged.length > 1 ? "s" : ""} ${privileged.join(", ")}`));
  }
  return findings;
}

/**
 * Why an account is inactive, or null: its last sign-in is older than the threshold, or it has
 * none on record and was created before it (a new hire who has yet to sign in is not a finding, nor
 * is an account whose age Graph does not give).
 */
function inactivity({ lastSignInAt, accountCreatedAt }: KnownSignIns, { inactiveSince, inactiveDays }: ReviewOptions): string | null {
  if (lastSignInAt !== null) {
    return lastSignInAt < inactiveSince ? `Holds keys but has not signed in for ${inactiveDays} days (last sign-in ${day(lastSignInAt)})` : null;
  }
  if (accountCreatedAt === null || accountCreatedAt >= inactiveSince) return null;
  return `Holds keys but has no sign-in on record, and the account is over ${inactiveDays} days old (created ${day(accountCreatedAt)})`;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** "Global Administrator", or with how it is held: "Global Administrator (eligible, through group PIM Admins)". */
function describeHeldRole({ role, state, via, groupName, directoryScopeId }: HeldRole): string {
  const how = [
    state === "ELIGIBLE" ? "eligible" : null,
    via === "GROUP" ? `through group ${groupName ?? "(unknown)"}` : null,
    directoryScopeId === "/" ? null : `over ${directoryScopeId}`,
  ].filter((part) => part !== null);
  return how.length === 0 ? role.displayName : `${role.displayName} (${how.join(", ")})`;
}
