// Connecting tenants: test, add, update, remove and sync integrations, as an admin does.
//
// A refused change saves nothing: input is checked first, then duplicates, then the credentials
// against the token endpoint; only then is anything written (the secret sealed).
import { and, eq, or, sql } from "drizzle-orm";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { integrations, type PermissionCheckRow } from "../db/schema.js";
import { entraEndpoints, type AzureCloud } from "../entra/clouds.js";
import { testConnection, type ConnectionReport } from "../entra/connection-test.js";
import { createTokenSource } from "../entra/credentials.js";
import type { SyncMode } from "../entra/sync/types.js";
import { sealSecret, secretHint } from "./secrets.js";
import { findIntegration, insertIntegration, type IntegrationRow } from "./store.js";
import type { StartedRun, SyncRunner } from "./sync-runner.js";

export interface CredentialsInput {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  cloud?: AzureCloud | null;
}

/** Credentials after checking: trimmed, with the cloud decided. */
type Credentials = Omit<CredentialsInput, "cloud"> & { cloud: AzureCloud };

export interface AddIntegrationInput extends CredentialsInput {
  name: string;
  syncIntervalMinutes?: number | null;
}

export interface UpdateIntegrationInput {
  name?: string | null;
  clientSecret?: string | null;
  syncIntervalMinutes?: number | null;
}

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

export class DuplicateTenantError extends Error {
  override readonly name = "DuplicateTenantError";
}

export class IntegrationNotFoundError extends Error {
  override readonly name = "IntegrationNotFoundError";
}

/** The integration exists, but in another organisation. */
export class ForeignIntegrationError extends Error {
  override readonly name = "ForeignIntegrationError";
}

/** The token endpoint refused the credentials: the report says which troubleshooting case. */
export class CredentialsRefusedError extends Error {
  override readonly name = "CredentialsRefusedError";
  constructor(readonly report: ConnectionReport & { error: NonNullable<ConnectionReport["error"]> }) {
    super(report.error.message);
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const MAX_INTERVAL_MINUTES = 7 * 24 * 60;

export interface IntegrationServiceOptions {
  db: Database;
  config: Config;
  secretsKey: Buffer;
  runner: SyncRunner;
}

export class IntegrationService {
  readonly #options: IntegrationServiceOptions;

  constructor(options: IntegrationServiceOptions) {
    this.#options = options;
  }

  /** "Test Connection": authentication, then each permission. Saves nothing. */
  async test(input: CredentialsInput, field = "input"): Promise<ConnectionReport> {
    const credentials = checkCredentials(input, field);
    const { authorityHost, graphBaseUrl } = entraEndpoints(credentials.cloud, this.#options.config);
    // A fresh msal client per test: its cache and throttling state must not leak into the next.
    const tokenSource = createTokenSource({ ...credentials, authorityHost, graphBaseUrl });
    return testConnection(tokenSource, graphBaseUrl);
  }

  async add(orgId: string, input: AddIntegrationInput): Promise<{ integration: IntegrationRow; firstSync: StartedRun }> {
    const name = checkName(input.name, "input.name");
    const interval = checkInterval(input.syncIntervalMinutes, "input.syncIntervalMinutes");
    const credentials = checkCredentials(input, "input");
    await this.#refuseDuplicate(orgId, credentials.tenantId);
    const report = await this.#testOrRefuse(credentials);
    if (report.tenantId) await this.#refuseDuplicate(orgId, report.tenantId);

    const { db, secretsKey, runner } = this.#options;
    const permissions = permissionRows(report);
    let integration: IntegrationRow;
    try {
      integration = await insertIntegration(db, {
        orgId,
        name,
        tenantId: credentials.tenantId,
        directoryTenantId: report.tenantId ?? null,
        clientId: credentials.clientId,
        cloud: credentials.cloud,
        sealedSecret: sealSecret(credentials.clientSecret, secretsKey),
        secretHint: secretHint(credentials.clientSecret),
        status: permissions.every((p) => p.granted) ? "PENDING" : "WARNING",
        permissions,
        syncIntervalMinutes: interval,
      });
    } catch (error) {
      // Two admins adding the same tenant at once: the unique index decides.
      if (isUniqueViolation(error)) throw duplicate(credentials.tenantId);
      throw error;
    }
    const firstSync = await runner.start(integration, "FULL");
    // Not re-read: on PGlite a read would wait for the sync's transaction, i.e. the whole sync.
    return { integration: { ...integration, status: "SYNCING" }, firstSync };
  }

  async update(orgId: string, id: string, input: UpdateIntegrationInput): Promise<IntegrationRow> {
    const { db, secretsKey, runner } = this.#options;
    const current = await this.get(orgId, id);
    const changes: Partial<typeof integrations.$inferInsert> = {};
    if (input.name != null) changes.name = checkName(input.name, "input.name");
    if (input.syncIntervalMinutes !== undefined) {
      changes.syncIntervalMinutes = checkInterval(input.syncIntervalMinutes, "input.syncIntervalMinutes");
    }
    if (input.clientSecret != null) {
      // A rotated secret is tested before it replaces the one that works.
      const report = await this.#testOrRefuse(
        checkCredentials(
          { tenantId: current.tenantId, clientId: current.clientId, clientSecret: input.clientSecret, cloud: current.cloud as AzureCloud },
          "input",
        ),
      );
      changes.sealedSecret = sealSecret(input.clientSecret, secretsKey);
      changes.secretHint = secretHint(input.clientSecret);
      changes.permissions = permissionRows(report);
      if (current.status === "FAILED") {
        changes.status = "PENDING";
        changes.statusError = null;
        changes.nextSyncAt = new Date();
      }
    }
    if (Object.keys(changes).length === 0) return current;
    const [updated] = await db.update(integrations).set(changes).where(eq(integrations.id, id)).returning();
    if (changes.sealedSecret) runner.forget(id);
    return updated;
  }

  /** Removes the integration and, by cascade, every mirror row it owns. */
  async remove(orgId: string, id: string): Promise<void> {
    await this.get(orgId, id);
    await this.#options.db.delete(integrations).where(and(eq(integrations.orgId, orgId), eq(integrations.id, id)));
    this.#options.runner.forget(id);
  }

  async sync(orgId: string, id: string, mode: SyncMode): Promise<StartedRun> {
    return this.#options.runner.start(await this.get(orgId, id), mode);
  }

  /** The caller's integration by id, or null; another organisation's is refused, not merely absent. */
  async find(orgId: string, id: string): Promise<IntegrationRow | null> {
    const integration = GUID.test(id) ? await findIntegration(this.#options.db, id) : null;
    if (integration && integration.orgId !== orgId) {
      throw new ForeignIntegrationError("This integration belongs to another organisation");
    }
    return integration;
  }

  async get(orgId: string, id: string): Promise<IntegrationRow> {
    const integration = await this.find(orgId, id);
    if (!integration) throw new IntegrationNotFoundError(`Integration ${id} was not found`);
    return integration;
  }

  async #testOrRefuse(credentials: Credentials): Promise<ConnectionReport> {
    const { authorityHost, graphBaseUrl } = entraEndpoints(credentials.cloud, this.#options.config);
    const report = await testConnection(
      createTokenSource({ ...credentials, authorityHost, graphBaseUrl }),
      graphBaseUrl,
    );
    if (report.error) throw new CredentialsRefusedError({ ...report, error: report.error });
    return report;
  }

  async #refuseDuplicate(orgId: string, tenantId: string): Promise<void> {
    const [existing] = await this.#options.db
      .select({ id: integrations.id })
      .from(integrations)
      .where(
        and(
          eq(integrations.orgId, orgId),
          or(
            sql`lower(${integrations.tenantId}) = lower(${tenantId})`,
            sql`lower(${integrations.directoryTenantId}) = lower(${tenantId})`,
          ),
        ),
      );
    if (existing) throw duplicate(tenantId);
  }
}

function duplicate(tenantId: string): DuplicateTenantError {
  return new DuplicateTenantError(`Tenant ${tenantId} is already connected in this organisation`);
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === "23505";
}

function permissionRows(report: ConnectionReport): PermissionCheckRow[] {
  return report.checks.map(({ permission, granted, message, hint }) => ({ permission, granted, message, hint }));
}

function checkName(name: string, field: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 100) throw new IntegrationInputError(field, "The name must be 1 to 100 characters");
  return trimmed;
}

function checkInterval(minutes: number | null | undefined, field: string): number | null {
  if (minutes == null) return null;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_INTERVAL_MINUTES) {
    throw new IntegrationInputError(field, `The sync interval must be 1 to ${MAX_INTERVAL_MINUTES} minutes`);
  }
  return minutes;
}

function checkCredentials(input: CredentialsInput, prefix: string): Credentials {
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
