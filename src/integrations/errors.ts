// Refusals of integration operations: what an admin did that cannot be done, and why.
import type { ConnectionReport } from "../entra/connection-test.js";

/** Input an admin must correct; `field` names it as the mutation's input does. */
export class IntegrationInputError extends Error {
  override readonly name = "IntegrationInputError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The tenant is connected in this organisation already. */
export class DuplicateTenantError extends Error {
  override readonly name = "DuplicateTenantError";
  constructor(tenantId: string) {
    super(`Tenant ${tenantId} is already connected in this organisation`);
  }
}

export class IntegrationNotFoundError extends Error {
  override readonly name = "IntegrationNotFoundError";
  constructor(id: string) {
    super(`Integration ${id} was not found`);
  }
}

/** The integration exists, but in another organisation. */
export class ForeignIntegrationError extends Error {
  override readonly name = "ForeignIntegrationError";
  constructor() {
    super("This integration belongs to another organisation");
  }
}

/** The token endpoint refused the credentials: the report says which troubleshooting case. */
export class CredentialsRefusedError extends Error {
  override readonly name = "CredentialsRefusedError";
  constructor(readonly report: ConnectionReport & { error: NonNullable<ConnectionReport["error"]> }) {
    super(report.error.message);
  }
}

/** The integration is paused (DISABLED): it is not synced until an admin resumes it. */
export class IntegrationPausedError extends Error {
  override readonly name = "IntegrationPausedError";
  constructor(name: string) {
    super(`The integration "${name}" is paused: resume it first (resumeEntraIntegration), then sync`);
  }
}
