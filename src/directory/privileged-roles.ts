// Which directory roles are privileged: those that can take over the tenant, its identities or
// its credentials. Role templates are the same GUIDs in every tenant (directoryRole.roleTemplateId).

/** A role is PRIVILEGED (it can take over the tenant, its identities or credentials) or STANDARD. */
export const DIRECTORY_ROLE_KINDS = ["PRIVILEGED", "STANDARD"] as const;

export type DirectoryRoleKind = (typeof DIRECTORY_ROLE_KINDS)[number];

/** The Global Administrator role's template id. */
export const GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";

/**
 * The built-in roles Microsoft labels privileged (its roles reference), and a few more the house
 * counts for what they can reach (a mailbox's or a site's data, a directory sync), by template id.
 * A custom role is never among them: its template id is its own.
 */
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
  // Reading what Global Administrator reads (sign-in and audit logs, security settings), creating
  // applications whatever the tenant's setting, provisioning attributes, managing IEF keys, the
  // lifecycle workflows that run as the directory, or the identities of agents.
  ["f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader"],
  ["5d6b6bb7-de71-4623-b4af-96380a352509", "Security Reader"],
  ["5f2222b1-57c3-48ba-8ad5-d4759f1fde6f", "Security Operator"],
  ["cf1c38e5-3621-4004-a7cb-879624dced7c", "Application Developer"],
  ["25a516ed-2fa0-40ea-a2d0-12923a21473a", "Authentication Extensibility Administrator"],
  ["ecb2c6bf-0ab6-418e-bd87-7986f8d63bbe", "Attribute Provisioning Administrator"],
  ["422218e4-db15-4ef9-bbe0-8afb41546d79", "Attribute Provisioning Reader"],
  ["aaf43236-0c0d-4d5f-883a-6955382ac081", "B2C IEF Keyset Administrator"],
  ["59d46f88-662b-457b-bceb-5c3809e5908f", "Lifecycle Workflows Administrator"],
  ["db506228-d27e-4b7d-95e5-295956d6615f", "Agent ID Administrator"],
]);

export function isPrivilegedRole(roleTemplateId: string): boolean {
  return PRIVILEGED_ROLE_TEMPLATES.has(roleTemplateId.toLowerCase());
}
