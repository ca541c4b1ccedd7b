// What an admin typed, checked before anything is tested against Entra ID or saved: names,
// sync intervals, tenant and client ids, and credentials. Each refusal names the input's field.
import type { AzureCloud } from "../directory/azure-clouds.js";
import { IntegrationInputError } from "./errors.js";

export interface CredentialsInput {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  cloud?: AzureCloud | null;
}

/** Credentials after checking: trimmed, with the cloud decided. */
export type Credentials = Omit<CredentialsInput, "cloud"> & { cloud: AzureCloud };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const MAX_INTERVAL_MINUTES = 7 * 24 * 60;
const MAX_NAME_LENGTH = 100;

/** Integration ids are GUIDs; anything else names no integration (and must not reach a uuid column). */
export function isIntegrationId(id: string): boolean {
  return GUID.test(id);
}

export function checkName(name: string, field: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > MAX_NAME_LENGTH) {
    throw new IntegrationInputError(field, `The name must be 1 to ${MAX_NAME_LENGTH} characters`);
  }
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

/** `prefix` is the input holding the credentials, e.g. "input" for `input.tenantId`. */
export function checkCredentials(input: CredentialsInput, prefix: string): Credentials {
  const tenantId = input.tenantId.trim();
  const clientId = input.clientId.trim();
  if (!GUID.test(tenantId) && !DOMAIN.test(tenantId)) {
    throw new IntegrationInputError(
      `${prefix}.tenantId`,
      "The Tenant ID must be the Directory (tenant) ID, a GUID, or a verified domain such as contoso.onmicrosoft.com",
    );
  }
  if (!GUID.test(clientId)) {
    throw new IntegrationInputError(`${prefix}.clientId`, "The Client ID must be the Application (client) ID, a GUID");
  }
  if (!input.clientSecret || input.clientSecret.trim() === "") {
    throw new IntegrationInputError(`${prefix}.clientSecret`, "The Client Secret must not be empty: paste the secret's value");
  }
  return { tenantId, clientId, clientSecret: input.clientSecret, cloud: input.cloud ?? "GLOBAL" };
}
