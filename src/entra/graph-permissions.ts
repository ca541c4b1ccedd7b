// The application permissions of Microsoft Graph the connection test checks, and the parts of the
// directory the sync reads: the two vocabularies that connection-test.ts ties together (which
// permission reads which part), named here so that the sync's types and the test share them.

export type GraphPermission =
  | "User.Read.All"
  | "Group.Read.All"
  | "RoleManagement.Read.Directory"
  | "RoleEligibilitySchedule.Read.Directory"
  | "Application.Read.All"
  | "AuditLog.Read.All";

/** The parts of the directory the sync reads, each skipped when the app may not read it. */
export const DIRECTORY_RESOURCES = [
  "users",
  "groups",
  "roleAssignments",
  "roleEligibilities",
  "servicePrincipals",
  "appAssignments",
  "deletedUsers",
] as const;

export type DirectoryResource = (typeof DIRECTORY_RESOURCES)[number];
