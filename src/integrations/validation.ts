// What an admin typed, checked before anything is tested against Entra ID or saved: names,
// sync intervals, tenant and client ids, and credentials. Each refusal names the input's field.
import type { AzureCloud } from "../directory/azure-clouds.js";
import { isStorableText } from "../db/storable-text.js";
import { isGuid } from "../directory/guid.js";
import {
  checkCredential,
  CredentialInputError,
  type CredentialDefaults,
  type EntraCredential,
  type EntraCredentialInput,
} from "../entra/credentials.js";
import { CredentialChoiceError, IntegrationInputError } from "./errors.js";

/** The credential fields of an integration's input, as the GraphQL input carries them (absent: null). */
export interface CredentialFields {
  clientSecret?: string | null;
  certificate?: { certificatePem: string; privateKeyPem: string } | null;
  workloadIdentity?: { tokenFile?: string | null } | null;
  managedIdentity?: { clientId?: string | null } | null;
  /** For a client secret only: when it expires, for the expiry warning. */
  clientSecretExpiresAt?: Date | null;
}

export interface CredentialsInput extends CredentialFields {
  tenantId: string;
  clientId: string;
  cloud?: AzureCloud | null;
}

/** Credentials after checking: trimmed, with the cloud and every default of the credential decided. */
export interface Credentials {
  tenantId: string;
  clientId: string;
  cloud: AzureCloud;
  credential: EntraCredential;
}

/** The four ways to give a credential; exactly one per integration. */
const CREDENTIAL_FIELDS = ["clientSecret", "certificate", "workloadIdentity", "managedIdentity"] as const;

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const MAX_INTERVAL_MINUTES = 7 * 24 * 60;
export const MAX_NAME_LENGTH = 100;

/** Integration ids are GUIDs; anything else names no integration (and must not reach a uuid column). */
export function isIntegrationId(id: string): boolean {
  return isGuid(id);
}

export function checkName(name: string, field: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > MAX_NAME_LENGTH) {
    throw new IntegrationInputError(field, `The name must be 1 to ${MAX_NAME_LENGTH} characters`);
  }
  if (!isStorableText(trimmed)) throw new IntegrationInputError(field, "The name cannot hold U+0000 or half a surrogate pair");
  return trimmed;
}

/** Minutes between syncs; null keeps the server's default. */
export function checkInterval(minutes: number | null | undefined, field: string): number | null {
  if (minutes == null) return null;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_INTERVAL_MINUTES) {
    throw new IntegrationInputError(field, `The sync interval must be 1 to ${MAX_INTERVAL_MINUTES} minutes`);
  }
  return minutes;
}

/** Whether `tenantId` names a tenant as Entra takes it: its ID (a GUID) or a domain. */
export function isTenantName(tenantId: string): boolean {
  return isGuid(tenantId) || DOMAIN.test(tenantId);
}

/** The client id trimmed, if it is a GUID. */
export function checkClientId(value: string, field: string): string {
  const clientId = value.trim();
  if (!isGuid(clientId)) throw new IntegrationInputError(field, "The Client ID must be the Application (client) ID, a GUID");
  return clientId;
}

/** `prefix` is the input holding the credentials, e.g. "input" for `input.tenantId`. */
export function checkCredentials(input: CredentialsInput, prefix: string, defaults: CredentialDefaults): Credentials {
  const tenantId = input.tenantId.trim();
  const clientId = input.clientId.trim();
  if (!isTenantName(tenantId)) {
    throw new IntegrationInputError(
      `${prefix}.tenantId`,
      "The Tenant ID must be the Directory (tenant) ID, a GUID, or a verified domain such as contoso.onmicrosoft.com",
    );
  }
  checkClientId(clientId, `${prefix}.clientId`);
  const chosen = chosenCredential(input, prefix);
  if (!chosen) throw new CredentialChoiceError(prefix, CREDENTIAL_FIELDS, false);
  const credential = checkChosenCredential(chosen, prefix, defaults, clientId);
  return { tenantId, clientId, cloud: input.cloud ?? "GLOBAL", credential };
}

/**
 * The one credential among the input's credential fields, as an admin gave it; null when none is
 * given (an update that keeps the credential, or only dates its secret). Two or more are refused,
 * naming them.
 */
export function chosenCredential(input: CredentialFields, prefix: string): EntraCredentialInput | null {
  const given = CREDENTIAL_FIELDS.filter((field) => input[field] != null);
  if (given.length > 1) throw new CredentialChoiceError(prefix, given, true);
  const expiresAt = input.clientSecretExpiresAt ?? null;
  if (expiresAt && given.length === 1 && given[0] !== "clientSecret") {
    throw new IntegrationInputError(
      `${prefix}.clientSecretExpiresAt`,
      "clientSecretExpiresAt is for a client secret: a certificate's expiry is read from the certificate, and a workload or managed identity has none",
    );
  }
  if (input.clientSecret != null) return { kind: "CLIENT_SECRET", clientSecret: input.clientSecret, expiresAt };
  if (input.certificate) return { kind: "CERTIFICATE", ...input.certificate };
  if (input.workloadIdentity) return { kind: "WORKLOAD_IDENTITY", tokenFile: input.workloadIdentity.tokenFile };
  if (input.managedIdentity) return { kind: "MANAGED_IDENTITY", clientId: input.managedIdentity.clientId };
  return null;
}

/**
 * The credential checked as checkCredential judges it, its refusal naming the input's field
 * (`input.certificate.privateKeyPem`). `clientId` is the integration's: a user-assigned managed
 * identity must be the one it names, for the integration to show which identity reads the tenant.
 */
export function checkChosenCredential(
  chosen: EntraCredentialInput,
  prefix: string,
  defaults: CredentialDefaults,
  clientId: string,
): EntraCredential {
  let credential: EntraCredential;
  try {
    credential = checkCredential(chosen, defaults);
  } catch (error) {
    if (error instanceof CredentialInputError) throw new IntegrationInputError(`${prefix}.${error.field}`, error.message);
    throw error;
  }
  if (credential.kind === "MANAGED_IDENTITY" && credential.clientId && credential.clientId.toLowerCase() !== clientId.toLowerCase()) {
    throw new IntegrationInputError(
      `${prefix}.managedIdentity.clientId`,
      `The user-assigned identity ${credential.clientId} is not the integration's client id ${clientId}: a managed identity's client id is the integration's, give the same GUID in both`,
    );
  }
  return credential;
}
