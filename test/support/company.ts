// A small company seeded through the mirror writer (as the sync would), for resolver tests.
import type { Database } from "../../src/db/client.js";
import { insertIntegration } from "../../src/integrations/store.js";
import { upsertGroups } from "../../src/mirror/groups.js";
import { addMemberships } from "../../src/mirror/memberships.js";
import { replaceRoleAssignments } from "../../src/mirror/role-assignments.js";
import { replaceRoleDefinitions } from "../../src/mirror/role-definitions.js";
import { markUsersDeleted, upsertUsers } from "../../src/mirror/users.js";

export const GLOBAL_ADMIN_TEMPLATE = "62e90394-69f5-4237-9190-012177145e10";

export async function seedIntegration(db: Database, org: string, tenantId: string) {
  return insertIntegration(db, {
    orgId: org,
    name: `${org} directory`,
    tenantId,
    clientId: "00000000-0000-0000-0000-0000000000c1",
    sealedCredential: "v2.test.only.not-a-credential",
    credentialKind: "CLIENT_SECRET",
    credentialHint: "••••test",
  });
}

/**
 * Contoso: Ada (CTO) manages Grace (Engineering) and Linus (disabled); Margaret has no mail and
 * matches by UPN; Alan is soft-deleted. Engineering ⊂ All Staff (nested).
 */
export async function seedContoso(db: Database, org = "contoso") {
  const integration = await seedIntegration(db, org, "contoso.onmicrosoft.com");
  const id = integration.id;
  await upsertUsers(db, id, [
    {
      id: "u-ada",
      displayName: "Ada Lovelace",
      mail: "ada@contoso.com",
      userPrincipalName: "ada@contoso.onmicrosoft.com",
      jobTitle: "CTO",
      department: "Executive",
      accountEnabled: true,
      userType: "Member",
    },
    {
      id: "u-grace",
      displayName: "Grace Hopper",
      mail: "grace@contoso.com",
      userPrincipalName: "grace@contoso.onmicrosoft.com",
      jobTitle: "Engineer",
      department: "Engineering",
      accountEnabled: true,
      userType: "Member",
      otherMails: ["grace.hopper@gmail.example"],
      proxyAddresses: ["SMTP:grace@contoso.com", "smtp:amazing.grace@contoso.com", "X500:/o=contoso/cn=grace"],
      managerId: "u-ada",
    },
    {
      id: "u-linus",
      displayName: "Linus Torvalds",
      mail: "linus@contoso.com",
      userPrincipalName: "linus@contoso.onmicrosoft.com",
      jobTitle: "Engineer",
      department: "Engineering",
      accountEnabled: false,
      userType: "Member",
      managerId: "u-ada",
    },
    {
      id: "u-margaret",
      displayName: "Margaret Hamilton",
      mail: null,
      userPrincipalName: "margaret@contoso.com",
      jobTitle: "Engineer",
      department: "Engineering",
      accountEnabled: true,
      userType: "Member",
      managerId: "u-grace",
    },
    {
      id: "u-alan",
      displayName: "Alan Turing",
      mail: "alan@contoso.com",
      userPrincipalName: "alan@contoso.onmicrosoft.com",
      department: "Research",
      accountEnabled: true,
    },
  ]);
  await upsertGroups(db, id, [
    { id: "g-eng", displayName: "Engineering", securityEnabled: true, mailEnabled: false, groupTypes: [] },
    { id: "g-all", displayName: "All Staff", mail: "all@contoso.com", mailEnabled: true, securityEnabled: false },
    { id: "g-m365", displayName: "Project Apollo", groupTypes: ["Unified"], mailEnabled: true, securityEnabled: false },
  ]);
  await addMemberships(db, id, [
    { groupId: "g-eng", memberId: "u-grace", memberType: "user" },
    { groupId: "g-eng", memberId: "u-margaret", memberType: "user" },
    { groupId: "g-all", memberId: "g-eng", memberType: "group" },
    { groupId: "g-all", memberId: "u-ada", memberType: "user" },
    { groupId: "g-m365", memberId: "u-grace", memberType: "user" },
  ]);
  await replaceRoleDefinitions(db, id, [
    { id: GLOBAL_ADMIN_TEMPLATE, displayName: "Global Administrator", roleTemplateId: GLOBAL_ADMIN_TEMPLATE },
  ], new Date());
  await replaceRoleAssignments(db, id, "ACTIVE", [
    { roleId: GLOBAL_ADMIN_TEMPLATE, principalId: "u-ada", directoryScopeId: "/", endsAt: null },
  ]);
  await markUsersDeleted(db, id, ["u-alan"]);
  return integration;
}
