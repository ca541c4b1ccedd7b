// Who is assigned to each application, as `/servicePrincipals/{id}/appRoleAssignedTo` lists it:
// users, groups and service principals, each with the app role they hold (the all-zero role id
// is "Default Access", an assignment without a role the app defines).
//
// Graph keeps no delta for these lists; a client reads each application's list whole.
import { randomUUID } from "node:crypto";
import type { ItemSource } from "./paging.js";
import { pick, type Schema, type Selection } from "./selection.js";

/** The app role id of an assignment that grants access without one of the app's own roles. */
export const DEFAULT_ACCESS = "00000000-0000-0000-0000-000000000000";

/** Graph's tag on the service principals of enterprise applications. */
export const ENTERPRISE_APP_TAG = "WindowsAzureActiveDirectoryIntegratedApp";

export interface AppRoleAssignment {
  readonly id: string;
  /** The application's service principal. */
  readonly resourceId: string;
  /** The user, group or service principal assigned. */
  readonly principalId: string;
  readonly appRoleId: string;
  readonly createdDateTime: string;
}

export const APP_ROLE_ASSIGNMENT_SCHEMA: Schema = {
  type: "appRoleAssignment",
  modelled: ["id", "resourceId", "principalId", "principalType", "principalDisplayName", "resourceDisplayName", "appRoleId", "createdDateTime"],
  unmodelled: { deletedDateTime: null },
  defaults: ["id", "deletedDateTime", "appRoleId", "createdDateTime", "principalDisplayName", "principalId", "principalType", "resourceDisplayName", "resourceId"],
};

/** What a served assignment says of its principal and application, looked up when served. */
export interface AssignmentParties {
  principal(id: string): { type: "User" | "Group" | "ServicePrincipal"; displayName: string } | undefined;
  application(id: string): { displayName: string } | undefined;
}

export class AppRoleAssignments {
  private readonly byId = new Map<string, AppRoleAssignment>();

  get all(): AppRoleAssignment[] {
    return [...this.byId.values()];
  }

  assign(init: { resourceId: string; principalId: string; appRoleId?: string }): AppRoleAssignment {
    const assignment = Object.freeze({
      id: randomUUID(),
      appRoleId: DEFAULT_ACCESS,
      createdDateTime: new Date().toISOString(),
      ...init,
    });
    this.byId.set(assignment.id, assignment);
    return assignment;
  }

  unassign(id: string): void {
    if (!this.byId.delete(id)) throw new Error(`no app role assignment ${id}`);
  }

  /** Removes every assignment of or to a principal gone from the directory, as Entra does. */
  detach(principalId: string): void {
    for (const [id, a] of this.byId) if (a.principalId === principalId || a.resourceId === principalId) this.byId.delete(id);
  }

  /** An application's assignments as its `appRoleAssignedTo` list serves them. */
  assignedTo(resourceId: string, parties: AssignmentParties, select: Selection): ItemSource {
    const application = parties.application(resourceId);
    const served = this.all
      .filter((a) => a.resourceId === resourceId)
      .flatMap((a) => {
        const principal = parties.principal(a.principalId);
        if (!principal || !application) return [];
        return [{ ...a, principalType: principal.type, principalDisplayName: principal.displayName, resourceDisplayName: application.displayName }];
      });
    return { count: served.length, item: (i) => pick(served[i] as object, select.properties, APP_ROLE_ASSIGNMENT_SCHEMA) };
  }
}
