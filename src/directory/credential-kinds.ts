// The ways an integration proves itself to Microsoft Entra ID: the names the API, the database and
// the command line share. What each credential holds is src/entra/credentials/kinds.ts's business.

export const CREDENTIAL_KINDS = ["CLIENT_SECRET", "CERTIFICATE", "WORKLOAD_IDENTITY", "MANAGED_IDENTITY"] as const;

export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];
