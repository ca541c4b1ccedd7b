// Refusals of integration operations: what an admin asked that cannot be done, and why, each
// with the code a client acts on (see src/coded-error.ts).
import { CodedError, InputError } from "../coded-error.js";
import type { ConnectionReport } from "../entra/connection-test.js";

/** Input an admin must correct in an integration's mutation. */
export class IntegrationInputError extends InputError {
  override readonly name = "IntegrationInputError";
}

/**
 * Not exactly one credential: none where one is needed, or several at once. `field` is the input
 * holding them, `fields` those an admin chooses among (none given) or gave together.
 */
export class CredentialChoiceError extends InputError {
  override readonly name = "CredentialChoiceError";
  constructor(prefix: string, fields: readonly string[], given: boolean) {
    const named = fields.map((field) => `${prefix}.${field}`);
    super(
      prefix,
      given
        ? `Give one credential, not ${named.length}: ${list(named, "and")} were given together`
        : `Give one credential: ${list(named, "or")}`,
      { fields: named },
    );
  }
}

function list(items: readonly string[], conjunction: string): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} ${conjunction} ${items.at(-1)}`;
}

/** The tenant is connected in this organisation already. */
export class DuplicateTenantError extends CodedError {
  override readonly name = "DuplicateTenantError";
  readonly code = "CONFLICT";
  constructor(tenantId: string) {
    super(`Tenant ${tenantId} is already connected in this organisation`);
  }
}

export class IntegrationNotFoundError extends CodedError {
  override readonly name = "IntegrationNotFoundError";
  readonly code = "NOT_FOUND";
  constructor() {
    super("The integration was not found");
  }
}

/** The integration exists, but in another organisation. */
export class ForeignIntegrationError extends CodedError {
  override readonly name = "ForeignIntegrationError";
  readonly code = "FORBIDDEN";
  constructor() {
    super("This integration belongs to another organisation");
  }
}

/** A credential of the server's own identity, asked for by an organisation the operator did not allow it to. */
export class ServerIdentityRefusedError extends CodedError {
  override readonly name = "ServerIdentityRefusedError";
  readonly code = "FORBIDDEN";
  constructor(field: string) {
    super(
      "This organisation may not connect tenants through the server's own identity (its workload identity token file or managed identity): the operator allows it per organisation with PLATFORM_IDENTITY_ORGS. Use a client secret or a certificate of the tenant's own app registration",
      { field },
    );
  }
}

/** The token endpoint refused the credentials: the report says which troubleshooting case. */
export class CredentialsRefusedError extends CodedError {
  override readonly name = "CredentialsRefusedError";
  readonly code = "ENTRA_AUTH_FAILED";
  constructor({ reason, aadsts, hint, message }: NonNullable<ConnectionReport["error"]>) {
    super(message, { reason, aadsts, hint });
  }
}

/** The integration is paused (DISABLED): it is not synced until an admin resumes it. */
export class IntegrationPausedError extends CodedError {
  override readonly name = "IntegrationPausedError";
  readonly code = "INTEGRATION_PAUSED";
  constructor(name: string) {
    super(`The integration "${name}" is paused: resume it first (resumeEntraIntegration), then sync`);
  }
}
