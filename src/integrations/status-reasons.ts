// Why an integration is WARNING or FAILED (or PENDING after an interruption), and why a run
// failed, as an admin reads it on `statusReason` and `lastSync.error`: our own codes, listed once,
// and the wording of a run's failures. A run that Microsoft Graph failed carries Graph's own code.
import type { IntegrationErrorRow } from "../db/schema.js";
import type { CredentialKind } from "../directory/credential-kinds.js";
import { howToGrant } from "../entra/connection-test.js";
import { EntraAuthError } from "../entra/credentials.js";
import { GraphError } from "../entra/graph-client.js";
import { PermissionRevokedError } from "../entra/sync/permission-denied.js";
import type { SkippedResource } from "../entra/sync/types.js";
import { SecretSealError } from "./secrets.js";

export const STATUS_REASON_CODES = [
  "ENTRA_AUTH_FAILED",
  "PERMISSION_MISSING",
  "CREDENTIAL_EXPIRING",
  "SYNC_STALE",
  "SYNC_TIMEOUT",
  "CREDENTIAL_UNREADABLE",
  "SERVER_IDENTITY_NOT_ALLOWED",
  "SYNC_IN_PROGRESS",
  "INTERRUPTED",
  "NOT_FOUND",
  "INTERNAL",
] as const;

export type StatusReasonCode = (typeof STATUS_REASON_CODES)[number];

export const ENTRA_AUTH_FAILED = "ENTRA_AUTH_FAILED" satisfies StatusReasonCode;
export const PERMISSION_MISSING = "PERMISSION_MISSING" satisfies StatusReasonCode;
/** A run whose credential is the server's own identity, which its organisation may no longer use. */
export const SERVER_IDENTITY_NOT_ALLOWED = "SERVER_IDENTITY_NOT_ALLOWED" satisfies StatusReasonCode;
/** A run whose stored credential this replica cannot open. */
export const CREDENTIAL_UNREADABLE = "CREDENTIAL_UNREADABLE" satisfies StatusReasonCode;

/** The codes as a schema description lists them. */
export const STATUS_REASON_LIST = `${STATUS_REASON_CODES.join(", ")}, or a Microsoft Graph error code`;

/** A run refused because another run of its integration was going. */
export class SyncInProgressError extends Error {
  override readonly name = "SyncInProgressError";
}

/** A run on the server's own identity for an organisation PLATFORM_IDENTITY_ORGS does not list. */
export class ServerIdentityNotAllowedError extends Error {
  override readonly name = "ServerIdentityNotAllowedError";
  constructor(kind: CredentialKind) {
    super(
      `This integration connects through the server's own identity (${kind}), which its organisation may not use (PLATFORM_IDENTITY_ORGS); nothing was synced`,
    );
  }
}

/** A run whose integration was removed before it began. */
export class IntegrationRemovedError extends Error {
  override readonly name = "IntegrationRemovedError";
}

/** Why a run is INTERRUPTED: its process died or was stopped before the run's end. */
export const INTERRUPTED: IntegrationErrorRow = {
  code: "INTERRUPTED" satisfies StatusReasonCode,
  message: "The process running this sync stopped before it finished; nothing of it was applied",
  hint: "The integration is due again at once: the next sync starts from the last good state",
};

export const ABANDONED: IntegrationErrorRow = {
  ...INTERRUPTED,
  message: "The server shut down before this sync finished; nothing of it was applied",
};

/** A successful run that skipped resources for missing permissions, as the admin should read it. */
export function skippedWarning(skipped: SkippedResource[], kind: CredentialKind): IntegrationErrorRow {
  const needs = skipped.map(({ resource, permission }) => `${resource} (${permission})`).join(", ");
  const permissions = [...new Set(skipped.map(({ permission }) => permission))].join(", ");
  return {
    code: PERMISSION_MISSING,
    message: `Not synced: ${needs}; ${skipped[0].message}`,
    hint: `${howToGrant(kind, permissions)}; the next sync reads what they allow`,
  };
}

/** A run abandoned at its ceiling (SYNC_RUN_TIMEOUT_MINUTES). */
export function timedOut(minutes: number): IntegrationErrorRow {
  return {
    code: "SYNC_TIMEOUT" satisfies StatusReasonCode,
    message: `The sync ran longer than ${minutes} minutes (SYNC_RUN_TIMEOUT_MINUTES) and was abandoned; nothing of it was applied`,
    hint: "Microsoft Graph answered too slowly, or the tenant is larger than the ceiling allows: the next sync retries from the last good state; raise SYNC_RUN_TIMEOUT_MINUTES if first syncs of large tenants need longer",
  };
}

/** A failure as an admin should read it (`kind`: the integration's credential's); internals stay in the server log. */
export function describeFailure(error: unknown, kind?: CredentialKind): IntegrationErrorRow {
  if (error instanceof EntraAuthError) {
    return { code: ENTRA_AUTH_FAILED, message: error.message, hint: error.hint, reason: error.reason };
  }
  if (error instanceof SyncInProgressError) {
    return { code: "SYNC_IN_PROGRESS" satisfies StatusReasonCode, message: error.message, hint: "Wait for the running sync to finish" };
  }
  if (error instanceof IntegrationRemovedError) {
    return { code: "NOT_FOUND" satisfies StatusReasonCode, message: error.message, hint: null };
  }
  if (error instanceof PermissionRevokedError) {
    return {
      code: PERMISSION_MISSING,
      message: error.message,
      hint: `The permission (or its consent) was taken away: ${kind ? howToGrant(kind, error.permission) : `grant ${error.permission} again`}; the next sync catches up from where the last successful one ended`,
    };
  }
  if (error instanceof ServerIdentityNotAllowedError) {
    return {
      code: SERVER_IDENTITY_NOT_ALLOWED,
      message: error.message,
      hint: "The operator allows organisations to use the server's own identity with PLATFORM_IDENTITY_ORGS: have this organisation listed there, or give the integration a client secret or certificate of the tenant's own app registration (updateEntraIntegration)",
    };
  }
  if (error instanceof SecretSealError) {
    return {
      code: CREDENTIAL_UNREADABLE,
      message: error.message,
      hint: "Every replica must run with the SECRETS_KEY that sealed the integration's credential (docs/replicas.md); if that key is lost, give the integration its credential again with updateEntraIntegration",
    };
  }
  if (error instanceof GraphError) {
    return {
      code: error.code,
      message: `Microsoft Graph: ${error.message}`,
      hint: error.retryable
        ? "Microsoft Graph is busy or unreachable; the next scheduled sync retries from the last good state"
        : null,
    };
  }
  return { code: "INTERNAL" satisfies StatusReasonCode, message: "The sync failed unexpectedly; the server log has the details", hint: null };
}
