// The GraphQL types of connected tenants and their syncs: the names clients rely on
// (schema/subgraph.graphql); fields may be added, never renamed.
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { AZURE_CLOUDS, type AzureCloud } from "../directory/azure-clouds.js";
import { CREDENTIAL_KINDS, type CredentialKind } from "../directory/credential-kinds.js";
import { SYNC_MODES, type SyncMode } from "../directory/sync-modes.js";
import { INTEGRATION_STATUSES, type IntegrationStatus } from "../integrations/integration-status.js";
import { PERMISSION_TIERS, type PermissionTier } from "../integrations/permission-tier.js";
import { STATUS_REASON_LIST } from "../integrations/status-reasons.js";
import { SYNC_STATUSES, type SyncStatus } from "../integrations/sync-status.js";
import { MAX_NAME_LENGTH } from "../integrations/validation.js";
import { enumType } from "./enum-type.js";
import { DateTime } from "./scalars.js";

export const AzureCloudEnum = enumType(AZURE_CLOUDS, "AzureCloud", "Which Microsoft cloud the tenant lives in.");

export const IntegrationStatusEnum = enumType(INTEGRATION_STATUSES, "IntegrationStatus");

export const CredentialKindEnum = enumType(
  CREDENTIAL_KINDS,
  "CredentialKind",
  "How the app proves itself to Entra ID: a client secret, a certificate, workload identity federation, or the managed identity of the Azure resource the subgraph runs on.",
);

export const SyncModeEnum = enumType(
  SYNC_MODES,
  "SyncMode",
  "INCREMENTAL reads Graph's changes since the last run; FULL re-reads the tenant and sweeps what is gone.",
);

export const SyncStatusEnum = enumType(
  SYNC_STATUSES,
  "SyncStatus",
  "RUNNING until the run's end; INTERRUPTED: the process running it died or shut down first (nothing applied, the integration due again at once).",
);

export const PermissionTierEnum = enumType(
  PERMISSION_TIERS,
  "PermissionTier",
  "CORE: what the subgraph is for (people, groups). RECOMMENDED: what access reviews rely on (roles); missing, the integration warns. OPTIONAL: what only some licences offer; missing, it does not.",
);

@ObjectType({ description: "Why something failed, and what to do about it." })
export class IntegrationError {
  @Field({
    description: `Of a run or an integration's status: ${STATUS_REASON_LIST}. Of a refused connection test: the AADSTS code Microsoft Entra ID gave (AADSTS7000215), or the reason when it gave none (UNREACHABLE, TOKEN_FILE_UNREADABLE).`,
  })
  code: string;

  @Field()
  message: string;

  @Field(() => String, { nullable: true })
  hint: string | null;

  @Field(() => String, {
    nullable: true,
    description: "For ENTRA_AUTH_FAILED, and a refused connection test: which case of the troubleshooting guide, e.g. WRONG_SECRET or CERTIFICATE_NOT_REGISTERED.",
  })
  reason?: string | null;
}

@ObjectType({ description: "Whether the app registration holds one Microsoft Graph permission." })
export class PermissionCheck {
  @Field({ description: "A Microsoft Graph application permission, e.g. User.Read.All." })
  permission: string;

  @Field(() => PermissionTierEnum, { nullable: true, description: "How much it matters; null for checks recorded before tiers were." })
  tier: PermissionTier | null;

  @Field()
  granted: boolean;

  @Field()
  message: string;

  @Field(() => String, { nullable: true })
  hint: string | null;
}

@ObjectType({ description: "One directory sync of an integration." })
export class SyncRun {
  @Field(() => ID)
  id: string;

  @Field(() => SyncModeEnum)
  mode: SyncMode;

  @Field(() => SyncStatusEnum)
  status: SyncStatus;

  @Field(() => DateTime)
  startedAt: Date;

  @Field(() => DateTime, { nullable: true })
  finishedAt: Date | null;

  @Field(() => Int)
  usersUpserted: number;

  @Field(() => Int, { description: "Users deleted or marked deleted." })
  usersRemoved: number;

  @Field(() => Int)
  groupsUpserted: number;

  @Field(() => Int)
  groupsRemoved: number;

  @Field(() => Int)
  membershipsChanged: number;

  @Field(() => Int)
  servicePrincipalsUpserted: number;

  @Field(() => Int)
  servicePrincipalsRemoved: number;

  @Field(() => Int, { description: "HTTP requests to Microsoft Graph, retries included." })
  graphRequests: number;

  @Field(() => IntegrationError, { nullable: true })
  error: IntegrationError | null;
}

@ObjectType({ description: "An integration's credential as it may be shown: never the secret or the private key." })
export class EntraCredential {
  @Field(() => CredentialKindEnum)
  kind: CredentialKind;

  @Field(() => String, {
    nullable: true,
    description:
      'What to recognise it by: "••••3f9a" (a secret\'s last characters), the certificate\'s SHA-256 thumbprint, the token file\'s path, or the managed identity\'s client id ("system-assigned" without one).',
  })
  hint: string | null;

  @Field(() => DateTime, {
    nullable: true,
    description: "When it stops working: the certificate's end of validity, or the expiry given for a secret; null when unknown or never.",
  })
  expiresAt: Date | null;
}

@ObjectType({ description: "A connected Entra ID tenant. Its secret or private key never leaves the server." })
export class EntraIntegration {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  tenantId: string;

  @Field()
  clientId: string;

  @Field(() => AzureCloudEnum)
  cloud: AzureCloud;

  @Field(() => IntegrationStatusEnum)
  status: IntegrationStatus;

  @Field(() => [PermissionCheck], { description: "As the last connection test found them." })
  permissions: PermissionCheck[];

  @Field(() => Int, { nullable: true, description: "Minutes between incremental syncs; null: the server default." })
  syncIntervalMinutes: number | null;

  @Field(() => DateTime, { nullable: true })
  nextSyncAt: Date | null;

  @Field(() => DateTime, {
    nullable: true,
    description:
      "When the latest successful sync began, by the database's clock: the mirror shows the directory at least as it was then (a change made while the run went on may wait for the next one); null until one has.",
  })
  lastSuccessfulSyncAt: Date | null;

  @Field(() => DateTime)
  createdAt: Date;
}

@ObjectType({ description: "The result of Test Connection: authentication, then one check per permission." })
export class ConnectionTestResult {
  @Field()
  authenticated: boolean;

  @Field(() => String, { nullable: true, description: "The tenant's GUID, as the token endpoint reports it." })
  tenantId: string | null;

  @Field(() => IntegrationError, { nullable: true, description: "Why authentication failed." })
  error: IntegrationError | null;

  @Field(() => [PermissionCheck])
  permissions: PermissionCheck[];
}

@InputType({ description: "A certificate uploaded to the app registration, and its private key; the key is sealed, never shown." })
export class CertificateCredentialInput {
  @Field({ description: "The certificate, PEM (-----BEGIN CERTIFICATE-----), optionally followed by its issuers'." })
  certificatePem: string;

  @Field({ description: "Its RSA private key, PEM, unencrypted." })
  privateKeyPem: string;
}

@InputType({ description: "Workload identity federation: a token from the platform's identity provider, read from a file." })
export class WorkloadIdentityCredentialInput {
  @Field(() => String, { nullable: true, description: "Absolute path of the token file; absent: AZURE_FEDERATED_TOKEN_FILE." })
  tokenFile: string | null;
}

@InputType({ description: "The managed identity of the Azure resource the subgraph runs on." })
export class ManagedIdentityCredentialInput {
  @Field(() => String, { nullable: true, description: "A user-assigned identity's client id; absent: the system-assigned identity." })
  clientId: string | null;
}

/** The credential fields, shared by every input that takes a credential. */
@InputType()
abstract class CredentialFieldsInput {
  @Field(() => String, { nullable: true, description: "The client secret's value (not its ID)." })
  clientSecret: string | null;

  @Field(() => CertificateCredentialInput, { nullable: true })
  certificate: CertificateCredentialInput | null;

  @Field(() => WorkloadIdentityCredentialInput, { nullable: true })
  workloadIdentity: WorkloadIdentityCredentialInput | null;

  @Field(() => ManagedIdentityCredentialInput, { nullable: true })
  managedIdentity: ManagedIdentityCredentialInput | null;

  @Field(() => DateTime, { nullable: true, description: "When the client secret expires, for a warning before it does." })
  clientSecretExpiresAt: Date | null;
}

@InputType({ description: "Credentials to test or connect: exactly one of clientSecret, certificate, workloadIdentity, managedIdentity." })
export class EntraCredentialsInput extends CredentialFieldsInput {
  @Field({ description: "Directory (tenant) ID: a GUID or a verified domain." })
  tenantId: string;

  @Field({ description: "Application (client) ID; for a managed identity, its client id." })
  clientId: string;

  @Field(() => AzureCloudEnum, { nullable: true, defaultValue: AzureCloudEnum.GLOBAL })
  cloud: AzureCloud;
}

@InputType()
export class AddEntraIntegrationInput extends EntraCredentialsInput {
  @Field({ description: `A friendly name, e.g. "Corporate Entra ID" (1-${MAX_NAME_LENGTH} characters).` })
  name: string;

  @Field(() => Int, { nullable: true })
  syncIntervalMinutes: number | null;
}

@InputType({
  description:
    "What to change; absent fields are kept. At most one credential, of any kind: it is tested before it replaces the one that works.",
})
export class UpdateEntraIntegrationInput extends CredentialFieldsInput {
  @Field(() => String, { nullable: true })
  name: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "With a credential of another app registration or managed identity (switching from an app to a managed identity, say): its client id, which becomes the integration's. Only together with a credential.",
  })
  clientId: string | null;

  @Field(() => Int, { nullable: true })
  syncIntervalMinutes: number | null;
}
