// Whether a principal holds a role now, or may take it up at any moment through Privileged
// Identity Management (an eligible Global Administrator is one activation away from the tenant).

export const ROLE_ASSIGNMENT_STATES = ["ACTIVE", "ELIGIBLE"] as const;

export type RoleAssignmentState = (typeof ROLE_ASSIGNMENT_STATES)[number];
