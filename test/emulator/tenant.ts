// A tenant's in-memory directory; every mutation is appended to a change log that delta queries read.
import { randomUUID } from "node:crypto";
import { addFederatedCredential, uploadCertificate, type FederatedCredentialOptions } from "./app-credentials.js";
import { AppRoleAssignments, type AssignmentParties } from "./app-role-assignments.js";
import { applyRandomChanges } from "./random-changes.js";
import { RoleManagement, type DetachedGrants } from "./role-management.js";
import { SignInActivity } from "./sign-in-activity.js";
import type {
  Directory,
  DirectoryRole,
  Group,
  GroupPatch,
  RegisteredApp,
  ServicePrincipal,
  ServicePrincipalPatch,
  User,
  UserPatch,
} from "./types.js";

export type UserChange =
  | { readonly op: "create" }
  | { readonly op: "update"; readonly props: readonly string[] }
  | { readonly op: "manager"; readonly before: string | null }
  | { readonly op: "softDelete" }
  | { readonly op: "restore" }
  | { readonly op: "hardDelete" };

export type GroupChange =
  | { readonly op: "create" }
  | { readonly op: "update"; readonly props: readonly string[] }
  | {
      readonly op: "member";
      readonly memberId: string;
      readonly memberType: "user" | "group";
      readonly added: boolean;
    }
  | { readonly op: "delete" };

/** Owners are no delta property; a change of them shows the service principal as changed all the same. */
export type ServicePrincipalChange =
  | { readonly op: "create" }
  | { readonly op: "update"; readonly props: readonly string[] }
  | { readonly op: "delete" };

export type Change =
  | { readonly kind: "user"; readonly id: string; readonly change: UserChange }
  | { readonly kind: "group"; readonly id: string; readonly change: GroupChange }
  | { readonly kind: "servicePrincipal"; readonly id: string; readonly change: ServicePrincipalChange };

export interface TenantOptions {
  readonly tenantId: string;
  readonly domains?: readonly string[];
  readonly directory?: Directory;
  /** Whether the tenant has Microsoft Entra ID P2 (PIM's eligibilities); default true. */
  readonly entraIdP2?: boolean;
  /** Whether the tenant has Microsoft Entra ID P1 (sign-in activity); default true. */
  readonly entraIdP1?: boolean;
  /**
   * The national cloud the tenant lives in ("AzureUSGovernment", "AzureChinaCloud"); the emulator
   * stands for the global cloud, whose token endpoint refuses such a tenant's apps (AADSTS900382).
   */
  readonly nationalCloud?: string;
}

export interface RegisterAppOptions {
  readonly clientId: string;
  /** The client secret's value; leave it out for an app that proves itself otherwise. */
  readonly secret?: string;
  readonly secretExpired?: boolean;
  readonly permissions?: readonly string[];
  readonly adminConsent?: boolean;
  readonly multiTenant?: boolean;
  /** Certificates uploaded to the app (its public part, PEM), accepted until they expire. */
  readonly certificates?: readonly string[];
  readonly federatedCredentials?: readonly FederatedCredentialOptions[];
}

export interface AddRoleOptions {
  readonly displayName: string;
  readonly roleTemplateId: string;
  readonly id?: string;
  readonly members?: readonly string[];
}

// What a soft-deleted user had, so that restoring brings the memberships back as Entra does.
interface RecycledUser {
  readonly user: User;
  readonly groupIds: readonly string[];
  readonly roleIds: readonly string[];
  readonly roleGrants: DetachedGrants;
}

const USER_FIELDS = [
  "displayName",
  "givenName",
  "surname",
  "mail",
  "userPrincipalName",
  "jobTitle",
  "department",
  "accountEnabled",
  "userType",
  "otherMails",
  "proxyAddresses",
] as const;

// Delta tracks a principal's properties; its owners are a relationship Graph documents no change
// tracking for, so a change of owners alone lists nothing (src/entra/sync/service-principals.ts).
const SERVICE_PRINCIPAL_FIELDS = ["displayName", "servicePrincipalType", "accountEnabled", "appRoleAssignmentRequired"] as const;

const GROUP_FIELDS = [
  "displayName",
  "mail",
  "description",
  "groupTypes",
  "mailEnabled",
  "securityEnabled",
] as const;

export class Tenant {
  readonly tenantId: string;
  readonly domains: readonly string[];
  readonly nationalCloud: string | undefined;
  /**
   * Whether a delta round sends a changed group once per change of its members, in the order
   * they were made, as Graph may ("an entity changed several times may appear several times"):
   * a member added and taken away again is then an addition followed by a removal, not nothing.
   * Its rounds are not perturbed: the order of the items then carries their meaning.
   */
  deltaRepeatsChanges = false;
  /**
   * Whether a round without a token lists each user twice, the second time without its manager,
   * as Graph may repeat an object across the pages of a round (the manager in one listing only).
   */
  deltaRepeatsUsers = false;
  /**
   * Whether a users round marks a removed user `"@removed": {}`, without the reason Graph "might
   * include" (soft deletion: changed; for good: deleted).
   */
  removalsWithoutReason = false;
  /** Every mutation, oldest first; a delta token remembers how many it had seen. */
  readonly changes: Change[] = [];
  /** Roles as the unified role management API serves them (definitions, assignments, eligibilities). */
  readonly roleManagement: RoleManagement;
  /** Who is assigned to which application (`/servicePrincipals/{id}/appRoleAssignedTo`). */
  readonly appRoleAssignments = new AppRoleAssignments();
  /** Users' last sign-ins (`/users?$select=signInActivity`). */
  readonly signInActivity: SignInActivity;
  private readonly usersById = new Map<string, User>();
  private readonly recycleBin = new Map<string, RecycledUser>();
  private readonly groupsById = new Map<string, Group>();
  private readonly rolesById = new Map<string, DirectoryRole>();
  private readonly appsById = new Map<string, RegisteredApp>();
  private readonly servicePrincipalsById = new Map<string, ServicePrincipal>();
  // Built on first need: most tests never delete, and building it costs a pass over all memberships.
  private parentIndex: Map<string, Set<string>> | undefined;

  constructor(options: TenantOptions) {
    this.tenantId = options.tenantId.toLowerCase();
    this.domains = Object.freeze([...(options.domains ?? [])]);
    this.nationalCloud = options.nationalCloud;
    this.roleManagement = new RoleManagement(
      {
        activatedRoles: () => this.rolesById.values(),
        isPrincipal: (id) => this.usersById.has(id) || this.groupsById.has(id) || this.servicePrincipalsById.has(id),
      },
      options.entraIdP2,
    );
    this.signInActivity = new SignInActivity(options.entraIdP1);
    const directory = options.directory ?? { users: [], groups: [], roles: [] };
    for (const user of directory.users) this.usersById.set(user.id, freezeUser(user));
    for (const group of directory.groups) this.groupsById.set(group.id, freezeGroup(group));
    for (const role of directory.roles) this.rolesById.set(role.id, freezeRole(role));
    for (const user of this.usersById.values()) {
      if (user.managerId !== null) this.requireUser(user.managerId);
    }
    for (const group of this.groupsById.values()) {
      for (const member of group.members) this.memberType(member);
    }
    for (const role of this.rolesById.values()) role.members.forEach((m) => this.requireUser(m));
  }

  /** Active users (not the soft-deleted ones). */
  get users(): User[] {
    return [...this.usersById.values()];
  }

  /** Soft-deleted users, restorable. */
  get deletedUsers(): User[] {
    return [...this.recycleBin.values()].map((r) => r.user);
  }

  get groups(): Group[] {
    return [...this.groupsById.values()];
  }

  get roles(): DirectoryRole[] {
    return [...this.rolesById.values()];
  }

  get servicePrincipals(): ServicePrincipal[] {
    return [...this.servicePrincipalsById.values()];
  }

  servicePrincipal(id: string): ServicePrincipal | undefined {
    return this.servicePrincipalsById.get(id);
  }

  addServicePrincipal(init: Partial<ServicePrincipal> = {}): ServicePrincipal {
    const sp = Object.freeze({
      appId: randomUUID(),
      displayName: "New App",
      servicePrincipalType: "Application",
      accountEnabled: true,
      owners: [],
      tags: [],
      appRoles: [],
      appRoleAssignmentRequired: false,
      ...init,
      id: init.id ?? randomUUID(),
    });
    if (this.servicePrincipalsById.has(sp.id)) throw new Error(`service principal ${sp.id} exists`);
    sp.owners.forEach((owner) => this.requireUser(owner));
    this.servicePrincipalsById.set(sp.id, sp);
    this.record({ kind: "servicePrincipal", id: sp.id, change: { op: "create" } });
    return sp;
  }

  updateServicePrincipal(id: string, patch: ServicePrincipalPatch): ServicePrincipal {
    const before = this.servicePrincipalsById.get(id);
    if (!before) throw new Error(`no service principal ${id}`);
    (patch.owners ?? []).forEach((owner) => this.requireUser(owner));
    const after = Object.freeze({ ...before, ...patch, id });
    const props = SERVICE_PRINCIPAL_FIELDS.filter((field) => !sameValue(before[field], after[field]));
    if (props.length === 0 && sameValue(before.owners, after.owners)) return before;
    this.servicePrincipalsById.set(id, after);
    if (props.length > 0) this.record({ kind: "servicePrincipal", id, change: { op: "update", props } });
    return after;
  }

  deleteServicePrincipal(id: string): void {
    if (!this.servicePrincipalsById.delete(id)) throw new Error(`no service principal ${id}`);
    this.roleManagement.detach(id);
    this.record({ kind: "servicePrincipal", id, change: { op: "delete" } });
    this.appRoleAssignments.detach(id);
  }

  /** Names of an assignment's principal and application, for `appRoleAssignedTo`. */
  get assignmentParties(): AssignmentParties {
    return {
      principal: (id) => {
        const user = this.usersById.get(id);
        if (user) return { type: "User", displayName: user.displayName };
        const group = this.groupsById.get(id);
        if (group) return { type: "Group", displayName: group.displayName };
        const sp = this.servicePrincipalsById.get(id);
        return sp ? { type: "ServicePrincipal", displayName: sp.displayName } : undefined;
      },
      application: (id) => this.servicePrincipalsById.get(id),
    };
  }

  user(id: string): User | undefined {
    return this.usersById.get(id);
  }

  /** A soft-deleted user, if `id` is one. */
  deletedUser(id: string): User | undefined {
    return this.recycleBin.get(id)?.user;
  }

  group(id: string): Group | undefined {
    return this.groupsById.get(id);
  }

  role(id: string): DirectoryRole | undefined {
    return this.rolesById.get(id);
  }

  app(clientId: string): RegisteredApp | undefined {
    return this.appsById.get(clientId.toLowerCase());
  }

  registerApp(options: RegisterAppOptions): RegisteredApp {
    const app: RegisteredApp = {
      clientId: options.clientId.toLowerCase(),
      secret: options.secret,
      secretExpired: options.secretExpired ?? false,
      permissions: [...(options.permissions ?? [])],
      adminConsent: options.adminConsent ?? true,
      multiTenant: options.multiTenant ?? true,
      servicePrincipalId: randomUUID(),
      certificates: [],
      federatedCredentials: [],
      enabled: true,
      blockedByConditionalAccess: false,
      federationAnswersWithoutDetail: false,
    };
    for (const pem of options.certificates ?? []) uploadCertificate(app, pem);
    for (const credential of options.federatedCredentials ?? []) addFederatedCredential(app, credential);
    this.appsById.set(app.clientId, app);
    return app;
  }

  hireUser(init: Partial<User> = {}): User {
    const id = init.id ?? randomUUID();
    if (this.usersById.has(id) || this.recycleBin.has(id)) throw new Error(`user ${id} exists`);
    const domain = this.domains[0] ?? `${this.tenantId}.onmicrosoft.com`;
    const nick = `${(init.displayName ?? "new.hire").toLowerCase().replace(/[^a-z0-9]+/g, ".")}.${id.slice(0, 8)}`;
    const mail = init.mail !== undefined ? init.mail : `${nick}@${domain}`;
    const user = freezeUser({
      displayName: "New Hire",
      givenName: null,
      surname: null,
      userPrincipalName: `${nick}@${domain}`,
      jobTitle: null,
      department: null,
      accountEnabled: true,
      userType: "Member",
      otherMails: [],
      proxyAddresses: mail === null ? [] : [`SMTP:${mail}`],
      managerId: null,
      createdDateTime: new Date().toISOString(),
      ...init,
      id,
      mail,
    });
    if (user.managerId !== null) this.requireUser(user.managerId);
    this.usersById.set(id, user);
    this.record({ kind: "user", id, change: { op: "create" } });
    return user;
  }

  updateUser(id: string, patch: UserPatch): User {
    const before = this.requireUser(id);
    const after = freezeUser({ ...before, ...patch, id, managerId: before.managerId });
    const props = USER_FIELDS.filter((field) => !sameValue(before[field], after[field]));
    if (props.length === 0) return before;
    this.usersById.set(id, after);
    this.record({ kind: "user", id, change: { op: "update", props } });
    return after;
  }

  setManager(userId: string, managerId: string | null): void {
    const user = this.requireUser(userId);
    if (managerId !== null) {
      this.requireUser(managerId);
      if (managerId === userId) throw new Error("a user cannot manage themselves");
    }
    if (user.managerId === managerId) return;
    this.usersById.set(userId, freezeUser({ ...user, managerId }));
    this.record({ kind: "user", id: userId, change: { op: "manager", before: user.managerId } });
  }

  softDeleteUser(id: string): void {
    const user = this.requireUser(id);
    const detached = this.detachUser(id);
    this.usersById.delete(id);
    this.recycleBin.set(id, { user, ...detached });
    this.record({ kind: "user", id, change: { op: "softDelete" } });
  }

  restoreUser(id: string): User {
    const recycled = this.recycleBin.get(id);
    if (!recycled) throw new Error(`user ${id} is not in the recycle bin`);
    this.recycleBin.delete(id);
    const managerId =
      recycled.user.managerId !== null && this.usersById.has(recycled.user.managerId)
        ? recycled.user.managerId
        : null;
    const user = freezeUser({ ...recycled.user, managerId });
    this.usersById.set(id, user);
    this.record({ kind: "user", id, change: { op: "restore" } });
    if (managerId !== recycled.user.managerId) {
      this.record({ kind: "user", id, change: { op: "manager", before: recycled.user.managerId } });
    }
    for (const groupId of recycled.groupIds) {
      if (this.groupsById.has(groupId)) this.addMember(groupId, id);
    }
    for (const roleId of recycled.roleIds) {
      if (this.rolesById.has(roleId)) this.assignRole(roleId, id);
    }
    this.roleManagement.reattach(recycled.roleGrants);
    return user;
  }

  /** Permanently deletes an active or a soft-deleted user. */
  hardDeleteUser(id: string): void {
    if (this.usersById.has(id)) {
      this.detachUser(id);
      this.usersById.delete(id);
    } else if (!this.recycleBin.delete(id)) {
      throw new Error(`user ${id} does not exist`);
    }
    this.appRoleAssignments.detach(id);
    this.record({ kind: "user", id, change: { op: "hardDelete" } });
  }

  addGroup(init: Partial<Group> = {}): Group {
    const id = init.id ?? randomUUID();
    if (this.groupsById.has(id)) throw new Error(`group ${id} exists`);
    const group = freezeGroup({
      displayName: "New Group",
      mail: null,
      description: null,
      groupTypes: [],
      mailEnabled: false,
      securityEnabled: true,
      members: [],
      ...init,
      id,
    });
    if (new Set(group.members).size !== group.members.length) throw new Error("duplicate members");
    for (const member of group.members) this.memberType(member);
    this.groupsById.set(id, group);
    for (const member of group.members) this.indexMembership(id, member, true);
    this.record({ kind: "group", id, change: { op: "create" } });
    return group;
  }

  updateGroup(id: string, patch: GroupPatch): Group {
    const before = this.requireGroup(id);
    const after = freezeGroup({ ...before, ...patch, id, members: before.members });
    const props = GROUP_FIELDS.filter((field) => !sameValue(before[field], after[field]));
    if (props.length === 0) return before;
    this.groupsById.set(id, after);
    this.record({ kind: "group", id, change: { op: "update", props } });
    return after;
  }

  deleteGroup(id: string): void {
    const group = this.requireGroup(id);
    for (const parentId of [...this.parentsOf(id)]) this.removeMember(parentId, id);
    for (const member of group.members) this.indexMembership(id, member, false);
    this.groupsById.delete(id);
    this.roleManagement.detach(id);
    this.appRoleAssignments.detach(id);
    this.record({ kind: "group", id, change: { op: "delete" } });
  }

  /** Adds a user or a group (nested) as a direct member. */
  addMember(groupId: string, memberId: string): void {
    const group = this.requireGroup(groupId);
    const memberType = this.memberType(memberId);
    if (group.members.includes(memberId)) throw new Error(`${memberId} is already in ${groupId}`);
    if (memberType === "group" && this.reaches(memberId, groupId)) {
      throw new Error(`adding group ${memberId} to ${groupId} would make a cycle`);
    }
    this.groupsById.set(groupId, freezeGroup({ ...group, members: [...group.members, memberId] }));
    this.indexMembership(groupId, memberId, true);
    this.record({ kind: "group", id: groupId, change: { op: "member", memberId, memberType, added: true } });
  }

  removeMember(groupId: string, memberId: string): void {
    const group = this.requireGroup(groupId);
    if (!group.members.includes(memberId)) throw new Error(`${memberId} is not in ${groupId}`);
    const memberType = this.groupsById.has(memberId) ? "group" : "user";
    const members = group.members.filter((m) => m !== memberId);
    this.groupsById.set(groupId, freezeGroup({ ...group, members }));
    this.indexMembership(groupId, memberId, false);
    this.record({ kind: "group", id: groupId, change: { op: "member", memberId, memberType, added: false } });
  }

  addRole(options: AddRoleOptions): DirectoryRole {
    const role = freezeRole({ id: randomUUID(), members: [], ...options });
    if (this.rolesById.has(role.id)) throw new Error(`role ${role.id} exists`);
    role.members.forEach((m) => this.requireUser(m));
    this.rolesById.set(role.id, role);
    return role;
  }

  assignRole(roleId: string, userId: string): void {
    const role = this.requireRole(roleId);
    this.requireUser(userId);
    if (role.members.includes(userId)) throw new Error(`${userId} already has role ${roleId}`);
    this.rolesById.set(roleId, freezeRole({ ...role, members: [...role.members, userId] }));
  }

  unassignRole(roleId: string, userId: string): void {
    const role = this.requireRole(roleId);
    if (!role.members.includes(userId)) throw new Error(`${userId} does not have role ${roleId}`);
    this.rolesById.set(roleId, freezeRole({ ...role, members: role.members.filter((m) => m !== userId) }));
  }

  /** A deterministic mix of every kind of mutation, for property-style tests. */
  randomChanges(seed: number, count: number): void {
    applyRandomChanges(this, seed, count);
  }

  private record(change: Change): void {
    this.changes.push(change);
  }

  // Entra drops a deleted user from groups, roles and as their reports' manager.
  private detachUser(id: string): { groupIds: string[]; roleIds: string[]; roleGrants: DetachedGrants } {
    const groupIds = [...this.parentsOf(id)];
    for (const groupId of groupIds) this.removeMember(groupId, id);
    const roleIds = this.roles.filter((r) => r.members.includes(id)).map((r) => r.id);
    for (const roleId of roleIds) this.unassignRole(roleId, id);
    for (const report of this.users) {
      if (report.managerId === id) this.setManager(report.id, null);
    }
    return { groupIds, roleIds, roleGrants: this.roleManagement.detach(id) };
  }

  private parentsOf(memberId: string): ReadonlySet<string> {
    if (!this.parentIndex) {
      this.parentIndex = new Map();
      for (const group of this.groupsById.values()) {
        for (const member of group.members) this.indexMembership(group.id, member, true);
      }
    }
    return this.parentIndex.get(memberId) ?? new Set();
  }

  private indexMembership(groupId: string, memberId: string, added: boolean): void {
    if (!this.parentIndex) return;
    let parents = this.parentIndex.get(memberId);
    if (!parents) this.parentIndex.set(memberId, (parents = new Set()));
    if (added) parents.add(groupId);
    else parents.delete(groupId);
  }

  /** Whether `target` is `from` or nested anywhere below it. */
  private reaches(from: string, target: string): boolean {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (id === target) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const member of this.groupsById.get(id)?.members ?? []) {
        if (this.groupsById.has(member)) stack.push(member);
      }
    }
    return false;
  }

  private memberType(id: string): "user" | "group" {
    if (this.usersById.has(id)) return "user";
    if (this.groupsById.has(id)) return "group";
    throw new Error(`no active user or group ${id}`);
  }

  private requireUser(id: string): User {
    const user = this.usersById.get(id);
    if (!user) throw new Error(`no active user ${id}`);
    return user;
  }

  private requireGroup(id: string): Group {
    const group = this.groupsById.get(id);
    if (!group) throw new Error(`no group ${id}`);
    return group;
  }

  private requireRole(id: string): DirectoryRole {
    const role = this.rolesById.get(id);
    if (!role) throw new Error(`no role ${id}`);
    return role;
  }
}

// Stored objects are frozen and replaced on change, so a paging snapshot can hold them by reference.
function freezeUser(user: User): User {
  return Object.freeze({
    ...user,
    otherMails: Object.freeze([...user.otherMails]),
    proxyAddresses: Object.freeze([...user.proxyAddresses]),
  });
}

function freezeGroup(group: Group): Group {
  return Object.freeze({
    ...group,
    groupTypes: Object.freeze([...group.groupTypes]),
    members: Object.freeze([...group.members]),
  });
}

function freezeRole(role: DirectoryRole): DirectoryRole {
  return Object.freeze({ ...role, members: Object.freeze([...role.members]) });
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => item === b[i]);
  }
  return a === b;
}
