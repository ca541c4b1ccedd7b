// The unified role management API's three lists as Graph serves them: who may read each, what a
// `$select` may name, and the licence Privileged Identity Management needs.
//
// Graph offers no delta for any of them; a client reads them whole.
import { sendGraphError, type Exchange } from "./http.js";
import type { Schema } from "./selection.js";
import type { Tenant } from "./tenant.js";

export interface RoleManagementList {
  /** Application permissions that grant the read; any one suffices. */
  readonly permissions: readonly string[];
  readonly schema: Schema;
  /** Properties `$filter` may compare with `eq`. */
  readonly filterable: readonly string[];
  /** Whether the tenant needs Microsoft Entra ID P2 (PIM) for it. */
  readonly needsEntraIdP2: boolean;
  objects(tenant: Tenant): readonly object[];
}

// Directory.Read.All reads definitions and active assignments, but not PIM's eligibilities.
const ROLE_MANAGEMENT_READ = [
  "RoleManagement.Read.Directory",
  "RoleManagement.Read.All",
  "RoleManagement.ReadWrite.Directory",
  "Directory.Read.All",
  "Directory.ReadWrite.All",
];
const ROLE_ELIGIBILITY_READ = [
  "RoleEligibilitySchedule.Read.Directory",
  "RoleEligibilitySchedule.ReadWrite.Directory",
  "RoleManagement.Read.Directory",
  "RoleManagement.Read.All",
  "RoleManagement.ReadWrite.Directory",
];

const ROLE_DEFINITION_SCHEMA: Schema = {
  type: "unifiedRoleDefinition",
  modelled: ["id", "displayName", "templateId", "isBuiltIn"],
  unmodelled: { description: null, isEnabled: true, resourceScopes: ["/"], rolePermissions: [], version: "1" },
  defaults: ["id", "description", "displayName", "isBuiltIn", "isEnabled", "resourceScopes", "templateId", "version", "rolePermissions"],
};

const ROLE_ASSIGNMENT_SCHEMA: Schema = {
  type: "unifiedRoleAssignment",
  modelled: ["id", "principalId", "roleDefinitionId", "directoryScopeId"],
  unmodelled: { appScopeId: null },
  defaults: ["id", "principalId", "roleDefinitionId", "directoryScopeId", "appScopeId"],
};

const ROLE_ELIGIBILITY_SCHEMA: Schema = {
  type: "unifiedRoleEligibilityScheduleInstance",
  modelled: ["id", "principalId", "roleDefinitionId", "directoryScopeId", "startDateTime", "endDateTime", "memberType", "roleEligibilityScheduleId"],
  unmodelled: { appScopeId: null },
  defaults: ["id", "principalId", "roleDefinitionId", "directoryScopeId", "appScopeId", "startDateTime", "endDateTime", "memberType", "roleEligibilityScheduleId"],
};

/** By route under /v1.0/. */
export const ROLE_MANAGEMENT_LISTS: Readonly<Record<string, RoleManagementList>> = {
  "roleManagement/directory/roleDefinitions": {
    permissions: ROLE_MANAGEMENT_READ,
    schema: ROLE_DEFINITION_SCHEMA,
    filterable: ["templateId"],
    needsEntraIdP2: false,
    objects: (tenant) => tenant.roleManagement.definitions,
  },
  "roleManagement/directory/roleAssignments": {
    permissions: ROLE_MANAGEMENT_READ,
    schema: ROLE_ASSIGNMENT_SCHEMA,
    filterable: ["roleDefinitionId", "principalId", "directoryScopeId"],
    needsEntraIdP2: false,
    objects: (tenant) => tenant.roleManagement.assignments,
  },
  "roleManagement/directory/roleEligibilityScheduleInstances": {
    permissions: ROLE_ELIGIBILITY_READ,
    schema: ROLE_ELIGIBILITY_SCHEMA,
    filterable: ["roleDefinitionId", "principalId", "directoryScopeId", "memberType"],
    needsEntraIdP2: true,
    objects: (tenant) => tenant.roleManagement.eligibilities,
  },
};

/** Graph's answer to a PIM read in a tenant without the licence (a 400, not a 403). */
export function sendLicenceRequired(ex: Exchange): void {
  sendGraphError(
    ex,
    400,
    "AadPremiumLicenseRequired",
    "The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.",
  );
}
