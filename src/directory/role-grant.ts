// How a principal comes to hold a grant: given to it directly, or to a group it is a member of.

export const ROLE_GRANTS = ["DIRECT", "GROUP"] as const;

export type RoleGrant = (typeof ROLE_GRANTS)[number];
