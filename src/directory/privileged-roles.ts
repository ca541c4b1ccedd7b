// Which directory roles are privileged: those that can take over the tenant, its identities or
// its credentials. Role templates are the same GUIDs in every tenant (directoryRole.roleTemplateId).

/** A role is PRIVILEGED (it can take over the tenant, its identities or credentials) or STANDARD. */
export const DIRECTORY_ROLE_KINDS = ["PRIVILEGED", "STANDARD"] as const;

export type DirectoryRoleKind = (typeof DIRECTORY_ROLE_KINDS)[number];

/** The Global Administrator role's template id. */
export const GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";

/** Microsoft's "privileged" built-in roles, by template id. */
export const PRIVILEGED_ROLE_TEMPLATES: ReadonlyMap<string, string> = new Map([
  [GLOBAL_ADMINISTRATOR, "Global Administrator"],
  ["e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"],
  ["7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "Privileged Authentication Administrator"],
  ["194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator"],
  ["fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"],
  ["9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator"],
  ["158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator"],
  ["b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", "Conditional Access Administrator"],
  ["c4e39bd9-1100-46d3-8c65-fb160da0071f", "Authentication Administrator"],
  ["729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator"],
  ["966707d0-3269-4727-9be2-8c3a10f19b9d", "Password Administrator"],
  ["8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", "Hybrid Identity Administrator"],
  ["29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator"],
  ["f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator"],
  ["3a2c62db-5318-420d-8d74-23affee5d9d5", "Intune Administrator"],
  // Less obvious ways to the same ends: resetting an administrator's password (the partner
  // support roles), federating a domain or adding an identity provider that signs anyone in,
  // changing which authentication methods count, writing the directory, or syncing it.
  ["e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8", "Partner Tier2 Support"],
  ["4ba39ca4-527c-499a-b93d-d9b492c50246", "Partner Tier1 Support"],
  ["8329153b-31d0-4727-b945-745eb3bc5f31", "Domain Name Administrator"],
  ["be2f45a1-457d-42af-a067-6ec1fa63bc45", "External Identity Provider Administrator"],
  ["0526716b-113d-4c15-b2c8-68e3c22b9f80", "Authentication Policy Administrator"],
  ["9360feb5-f418-4baa-8175-e2a00bac4301", "Directory Writers"],
  ["d29b2b05-8046-44ba-8758-1e26182fcf32", "Directory Synchronization Accounts"],
  ["7698a772-787b-4ac8-901f-60d6b08affd2", "Cloud Device Administrator"],
]);

export function isPrivilegedRole(roleTemplateId: string): boolean {
  return PRIVILEGED_ROLE_TEMPLATES.has(roleTemplateId.toLowerCase());
}
