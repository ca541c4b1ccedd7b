// A tenant's roles as the unified role management API sees them: role definitions, active role
// assignments and Privileged Identity Management eligibilities, each for a user, a group or a
// service principal, over the whole tenant ("/") or a narrower scope ("/administrativeUnits/{id}").
//
// The tenant's activated directory roles (Tenant.addRole, served by /directoryRoles) are part of
// it: each direct member holds the role's definition tenant-wide. What /directoryRoles cannot
// show (a role granted to a group, scoped to an administrative unit, or only eligible) is added
// here.
import { randomUUID } from "node:crypto";
import type { DirectoryRole } from "./types.js";

/** A role as `/roleManagement/directory/roleDefinitions` lists it. */
export interface RoleDefinition {
  /** For a built-in role, its template id. */
  readonly id: string;
  readonly displayName: string;
  readonly templateId: string;
  readonly isBuiltIn: boolean;
}

/** A role held by a principal at a scope, as `/roleManagement/directory/roleAssignments` lists it. */
export interface RoleAssignment {
  readonly id: string;
  readonly roleDefinitionId: string;
  readonly principalId: string;
  /** "/" for the whole tenant, "/administrativeUnits/{id}" for an administrative unit. */
  readonly directoryScopeId: string;
}

/** A role a principal may activate, as `/roleManagement/directory/roleEligibilityScheduleInstances` lists it. */
export interface RoleEligibility extends RoleAssignment {
  readonly startDateTime: string;
  /** Null for a permanent eligibility. */
  readonly endDateTime: string | null;
  /** How the principal is eligible; the emulator's are all "Direct". */
  readonly memberType: "Direct";
  readonly roleEligibilityScheduleId: string;
}

export interface GrantOptions {
  readonly roleDefinitionId: string;
  readonly principalId: string;
  readonly directoryScopeId?: string;
}

export interface EligibilityOptions extends GrantOptions {
  /** Null or absent: permanent. */
  readonly endDateTime?: string | null;
}

/** What role management needs to know of the rest of the tenant. */
export interface RoleHolders {
  activatedRoles(): Iterable<DirectoryRole>;
  isPrincipal(id: string): boolean;
}

/** A principal's grants, taken away when it is deleted and given back if it is restored. */
export interface DetachedGrants {
  readonly assignments: readonly RoleAssignment[];
  readonly eligibilities: readonly RoleEligibility[];
}

// Microsoft's built-in roles the tests name, in name order, with their template ids (the same GUIDs in
// every tenant).
const BUILT_IN_ROLES: ReadonlyArray<[id: string, displayName: string]> = [
  ["9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator"],
  ["158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator"],
  ["88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "Directory Readers"],
  ["8329153b-31d0-4727-b945-745eb3bc5f31", "Domain Name Administrator"],
  ["62e90394-69f5-4237-9190-012177145e10", "Global Administrator"],
  ["f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader"],
  ["fdd7a751-b60b-444a-984c-02652fe8fa1c", "Groups Administrator"],
  ["729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator"],
  ["7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "Privileged Authentication Administrator"],
  ["e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8", "Partner Tier2 Support"],
  ["e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"],
  ["4a5d8f65-41da-4de4-8968-e035b65339cf", "Reports Reader"],
  ["194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator"],
  ["5d6b6bb7-de71-4623-b4af-96380a352509", "Security Reader"],
  ["fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"],
];

export class RoleManagement {
  /** Whether the tenant has Microsoft Entra ID P2 (or Governance): without it PIM answers a licence error. */
  entraIdP2: boolean;
  private readonly custom = new Map<string, RoleDefinition>();
  private readonly granted = new Map<string, RoleAssignment>();
  private readonly eligible = new Map<string, RoleEligibility>();

  constructor(
    private readonly holders: RoleHolders,
    entraIdP2 = true,
  ) {
    this.entraIdP2 = entraIdP2;
  }

  /** Built-in roles, custom roles, and the template of any activated role the catalogue lacks. */
  get definitions(): RoleDefinition[] {
    const byId = new Map<string, RoleDefinition>(
      BUILT_IN_ROLES.map(([id, displayName]) => [id, { id, displayName, templateId: id, isBuiltIn: true }]),
    );
    for (const role of this.holders.activatedRoles()) {
      if (!byId.has(role.roleTemplateId)) {
        byId.set(role.roleTemplateId, { id: role.roleTemplateId, displayName: role.displayName, templateId: role.roleTemplateId, isBuiltIn: true });
      }
    }
    for (const definition of this.custom.values()) byId.set(definition.id, definition);
    return [...byId.values()];
  }

  /** Active assignments: the activated roles' direct members (tenant-wide), then those granted here. */
  get assignments(): RoleAssignment[] {
    const fromRoles = [...this.holders.activatedRoles()].flatMap((role) =>
      role.members.map((principalId) => ({
        id: `${role.roleTemplateId}_${principalId}`,
        roleDefinitionId: role.roleTemplateId,
        principalId,
        directoryScopeId: "/",
      })),
    );
    return [...fromRoles, ...this.granted.values()];
  }

  /** Eligibilities in force now (instances of schedules that have not ended). */
  get eligibilities(): RoleEligibility[] {
    const now = Date.now();
    return [...this.eligible.values()].filter((e) => e.endDateTime === null || Date.parse(e.endDateTime) > now);
  }

  /** A custom role; its id is its template id, as Entra gives custom roles. */
  addDefinition(displayName: string, id: string = randomUUID()): RoleDefinition {
    if (this.definitions.some((d) => d.id === id)) throw new Error(`role definition ${id} exists`);
    const definition = Object.freeze({ id, displayName, templateId: id, isBuiltIn: false });
    this.custom.set(id, definition);
    return definition;
  }

  /** A custom role renamed, as an admin renames it in the portal. */
  renameDefinition(id: string, displayName: string): RoleDefinition {
    const definition = this.custom.get(id);
    if (!definition) throw new Error(`no custom role definition ${id}`);
    const renamed = Object.freeze({ ...definition, displayName });
    this.custom.set(id, renamed);
    return renamed;
  }

  /** Grants a role, to a user, a (role-assignable) group or a service principal. */
  assign(options: GrantOptions): RoleAssignment {
    const assignment = Object.freeze({ id: randomUUID(), ...this.checked(options), directoryScopeId: options.directoryScopeId ?? "/" });
    this.granted.set(assignment.id, assignment);
    return assignment;
  }

  /** Makes a principal eligible for a role in PIM. */
  makeEligible(options: EligibilityOptions): RoleEligibility {
    const scheduleId = randomUUID();
    const eligibility = Object.freeze({
      id: `${scheduleId}-e`,
      ...this.checked(options),
      directoryScopeId: options.directoryScopeId ?? "/",
      startDateTime: new Date().toISOString(),
      endDateTime: options.endDateTime ?? null,
      memberType: "Direct" as const,
      roleEligibilityScheduleId: scheduleId,
    });
    this.eligible.set(eligibility.id, eligibility);
    return eligibility;
  }

  /** Removes an assignment or an eligibility made here. */
  remove(id: string): void {
    if (!this.granted.delete(id) && !this.eligible.delete(id)) throw new Error(`no role assignment or eligibility ${id}`);
  }

  /** Entra drops a deleted principal's role grants. */
  detach(principalId: string): DetachedGrants {
    const assignments = [...this.granted.values()].filter((a) => a.principalId === principalId);
    const eligibilities = [...this.eligible.values()].filter((e) => e.principalId === principalId);
    for (const { id } of [...assignments, ...eligibilities]) this.remove(id);
    return { assignments, eligibilities };
  }

  /** A restored principal gets its grants back. */
  reattach(grants: DetachedGrants): void {
    for (const assignment of grants.assignments) this.granted.set(assignment.id, assignment);
    for (const eligibility of grants.eligibilities) this.eligible.set(eligibility.id, eligibility);
  }

  private checked(options: GrantOptions): { roleDefinitionId: string; principalId: string } {
    if (!this.definitions.some((d) => d.id === options.roleDefinitionId)) throw new Error(`no role definition ${options.roleDefinitionId}`);
    if (!this.holders.isPrincipal(options.principalId)) throw new Error(`no user, group or service principal ${options.principalId}`);
    return { roleDefinitionId: options.roleDefinitionId, principalId: options.principalId };
  }
}
