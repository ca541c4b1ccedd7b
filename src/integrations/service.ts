// Connecting tenants: test, add, update, remove and sync integrations, as an admin does.
//
// A refused change saves nothing: input is checked first, then duplicates, then the credentials
// against the token endpoint; only then is anything written (the credential sealed).
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { sqlStateOf } from "../db/sql-state.js";
import { entraEndpoints } from "../entra/clouds.js";
import { testConnection, type ConnectionReport } from "../entra/connection-test.js";
import { createTokenSource, type CredentialDefaults, type EntraCredential, type EntraCredentialInput } from "../entra/credentials.js";
import type { SyncMode } from "../directory/sync-modes.js";
import { otherIdentity, otherTenant, uncheckedTenant, type IdentityRefusal } from "./identity-checks.js";
import { mayUseCredential } from "./server-identity.js";
import {
  CredentialsRefusedError,
  DuplicateTenantError,
  ForeignIntegrationError,
  IntegrationInputError,
  IntegrationNotFoundError,
  ServerIdentityRefusedError,
} from "./errors.js";
import { permissionRows } from "./permissions.js";
import { credentialColumns, unsealCredential } from "./sealed-credential.js";
import type { SecretsKeys } from "./secrets.js";
import { isStale, stalenessRule, type FreshnessFacts } from "./staleness.js";
import { added, credentialRedated, credentialsRotated, paused, refuseIfPaused, resumed } from "./status.js";
import {
  deleteIntegration,
  findIntegration,
  insertIntegration,
  isTenantConnected,
  updateSettings,
  type IntegrationRow,
  type IntegrationSettings,
} from "./store.js";
import type { StartedRun, SyncRunner } from "./sync-runner.js";
import {
  checkChosenCredential,
  checkClientId,
  checkCredentials,
  checkInterval,
  checkName,
  chosenCredential,
  isIntegrationId,
  type CredentialFields,
  type Credentials,
  type CredentialsInput,
} from "./validation.js";

export interface AddIntegrationInput extends CredentialsInput {
  name: string;
  syncIntervalMinutes?: number | null;
}

/** Each field absent (null) is left as it is; at most one credential, which replaces the current one. */
export interface UpdateIntegrationInput extends CredentialFields {
  name?: string | null;
  syncIntervalMinutes?: number | null;
  /** The client id of the app registration or managed identity the new credential belongs to. */
  clientId?: string | null;
}

export interface IntegrationServiceOptions {
  db: Database;
  config: Config;
  secretsKeys: SecretsKeys;
  runner: SyncRunner;
}

export class IntegrationService {
  readonly #options: IntegrationServiceOptions;

  constructor(options: IntegrationServiceOptions) {
    this.#options = options;
  }

  /** "Test Connection": authentication, then each permission. Saves nothing. */
  async test(orgId: string, input: CredentialsInput): Promise<ConnectionReport> {
    this.#refuseServerIdentity(orgId, chosenCredential(input, "input"));
    const credentials = checkCredentials(input, "input", this.#defaults);
    refuse(uncheckedTenant(credentials), "input.tenantId");
    const report = await this.#testConnection(credentials);
    refuse(otherTenant(credentials, report) ?? otherIdentity(credentials, report), "input.tenantId");
    return report;
  }

  async add(orgId: string, input: AddIntegrationInput): Promise<{ integration: IntegrationRow; firstSync: StartedRun }> {
    const name = checkName(input.name, "input.name");
    const interval = checkInterval(input.syncIntervalMinutes, "input.syncIntervalMinutes");
    this.#refuseServerIdentity(orgId, chosenCredential(input, "input"));
    const credentials = checkCredentials(input, "input", this.#defaults);
    await this.#refuseDuplicate(orgId, credentials.tenantId);
    const report = await this.#testOrRefuse(credentials);
    if (report.tenantId) await this.#refuseDuplicate(orgId, report.tenantId);

    const { db, secretsKeys, runner } = this.#options;
    const permissions = permissionRows(report);
    let integration: IntegrationRow;
    try {
      integration = await db.transaction(async (tx) => {
        const inserted = await insertIntegration(tx, {
          orgId,
          name,
          tenantId: credentials.tenantId,
          directoryTenantId: report.tenantId ?? null,
          clientId: credentials.clientId,
          cloud: credentials.cloud,
          ...credentialColumns(credentials.credential, secretsKeys.current),
          permissions,
          syncIntervalMinutes: interval,
        });
        return added(tx, inserted.id, permissions, this.#options.config.syncRunTimeoutMinutes);
      });
    } catch (error) {
      // Two admins adding the same tenant at once: the unique index decides.
      if (isUniqueViolation(error)) throw new DuplicateTenantError(credentials.tenantId);
      throw error;
    }
    const firstSync = await runner.start(integration, "FULL", { byAdmin: true });
    // Not re-read: on PGlite a read would wait for the sync's transaction, i.e. the whole sync.
    return { integration: { ...integration, status: "SYNCING" }, firstSync };
  }

  async update(orgId: string, id: string, input: UpdateIntegrationInput): Promise<IntegrationRow> {
    const { db, secretsKeys, runner } = this.#options;
    const current = await this.get(orgId, id);
    const settings: IntegrationSettings = {};
    if (input.name != null) settings.name = checkName(input.name, "input.name");
    if (input.syncIntervalMinutes !== undefined) {
      settings.syncIntervalMinutes = checkInterval(input.syncIntervalMinutes, "input.syncIntervalMinutes");
    }
    const chosen = chosenCredential(input, "input");
    const rotated = chosen !== null;
    if (input.clientId != null && !chosen) {
      throw new IntegrationInputError("input.clientId", "A client id is given with the credential of that app registration or managed identity: give both");
    }
    let credential: EntraCredential | undefined;
    if (chosen) {
      // A new credential, of any kind, is tested before it replaces the one that works; with the
      // client id of another app or identity when it is theirs.
      const clientId = input.clientId != null ? checkClientId(input.clientId, "input.clientId") : current.clientId;
      this.#refuseServerIdentity(orgId, chosen);
      credential = checkChosenCredential(chosen, "input", this.#defaults, clientId);
      // The tenant's ID where its first token told it: a managed identity is checked against it,
      // also in a tenant connected by its domain.
      const tenantId = current.directoryTenantId ?? current.tenantId;
      const report = await this.#testOrRefuse({ tenantId, clientId, cloud: current.cloud, credential }, "input.managedIdentity");
      settings.permissions = permissionRows(report);
      if (clientId !== current.clientId) settings.clientId = clientId;
    } else if (input.clientSecretExpiresAt != null) {
      credential = this.#datedSecret(current, input.clientSecretExpiresAt);
    }
    if (credential) Object.assign(settings, credentialColumns(credential, secretsKeys.current));
    if (Object.keys(settings).length === 0) return current;
    const updated = await db.transaction(async (tx) => {
      const row = await updateSettings(tx, id, settings);
      if (!credential) return row;
      if (rotated) await credentialsRotated(tx, id);
      await credentialRedated(tx, id, this.#options.config.credentialExpiryWarningDays);
      return (await findIntegration(tx, id))!;
    });
    if (credential) runner.forget(id);
    return updated;
  }

  /** Removes the integration, its runs (by cascade) and every mirror row it owns (deleteIntegration). */
  async remove(orgId: string, id: string): Promise<void> {
    await this.get(orgId, id);
    await deleteIntegration(this.#options.db, orgId, id);
    this.#options.runner.forget(id);
  }

  /** Starts a run now; refused while the integration is paused. */
  async sync(orgId: string, id: string, mode: SyncMode): Promise<StartedRun> {
    const integration = await this.get(orgId, id);
    refuseIfPaused(integration);
    return this.#options.runner.start(integration, mode, { byAdmin: true });
  }

  /** Stops scheduled syncs until resumed; a run already going finishes, and leaves it paused. */
  async pause(orgId: string, id: string): Promise<IntegrationRow> {
    return (isIntegrationId(id) && (await paused(this.#options.db, { id, orgId }))) || this.get(orgId, id);
  }

  /** Makes a paused integration PENDING and due at once; any other is returned as it is. */
  async resume(orgId: string, id: string): Promise<IntegrationRow> {
    return (isIntegrationId(id) && (await resumed(this.#options.db, { id, orgId }))) || this.get(orgId, id);
  }

  /**
   * The caller's integration by id, or null; another organisation's is refused, not merely absent.
   * Read from `db` when given (a GraphQL query's, on the read replica), else the primary.
   */
  async find(orgId: string, id: string, db: Database = this.#options.db): Promise<IntegrationRow | null> {
    const integration = isIntegrationId(id) ? await findIntegration(db, id) : null;
    if (integration && integration.orgId !== orgId) throw new ForeignIntegrationError();
    return integration;
  }

  async get(orgId: string, id: string): Promise<IntegrationRow> {
    const integration = await this.find(orgId, id);
    if (!integration) throw new IntegrationNotFoundError();
    return integration;
  }

  /** Whether the integration has gone STALE_AFTER_INTERVALS intervals without a successful run (staleness.ts). */
  isStale(integration: FreshnessFacts): boolean {
    return isStale(integration, stalenessRule(this.#options.config));
  }

  /**
   * The server's own identity, refused to an organisation the operator did not allow it to
   * (server-identity.ts); before the credential is checked, so that such an organisation is told
   * it may not use one, not how to give it.
   */
  #refuseServerIdentity(orgId: string, credential: EntraCredentialInput | null): void {
    if (!credential || mayUseCredential(this.#options.config, orgId, credential.kind)) return;
    throw new ServerIdentityRefusedError(credential.kind === "WORKLOAD_IDENTITY" ? "input.workloadIdentity" : "input.managedIdentity");
  }

  /** The platform's settings a credential may leave to it (the workload identity's token file). */
  get #defaults(): CredentialDefaults {
    return { federatedTokenFile: this.#options.config.federatedTokenFile };
  }

  /**
   * The current client secret with the expiry an admin now gives it: the secret itself is the one
   * that works, so nothing is tested.
   */
  #datedSecret(current: IntegrationRow, expiresAt: Date): EntraCredential {
    const field = "input.clientSecretExpiresAt";
    if (current.credentialKind !== "CLIENT_SECRET") {
      throw new IntegrationInputError(
        field,
        `This integration has no client secret (its credential is ${current.credentialKind}): clientSecretExpiresAt dates a client secret only`,
      );
    }
    const secret = unsealCredential(current.sealedCredential, this.#options.secretsKeys);
    if (secret.kind !== "CLIENT_SECRET") throw new Error(`Integration ${current.id}: its sealed credential is not its kind`);
    return checkChosenCredential({ ...secret, expiresAt }, "input", this.#defaults, current.clientId);
  }

  #testConnection(credentials: Credentials): Promise<ConnectionReport> {
    const { config } = this.#options;
    const { authorityHost, graphBaseUrl } = entraEndpoints(credentials.cloud, config);
    // A fresh msal client per test: its cache and throttling state must not leak into the next.
    const tokenSource = createTokenSource({
      tenantId: credentials.tenantId,
      clientId: credentials.clientId,
      credential: credentials.credential,
      authorityHost,
      graphBaseUrl,
      tokenTimeoutMs: config.deadlines.tokenMs,
    });
    return testConnection(tokenSource, graphBaseUrl);
  }

  /** The connection test's report, or its refusal (identity-checks.ts's too). */
  async #testOrRefuse(credentials: Credentials, tenantField = "input.tenantId"): Promise<ConnectionReport> {
    refuse(uncheckedTenant(credentials), tenantField);
    const report = await this.#testConnection(credentials);
    if (report.error) throw new CredentialsRefusedError(report.error);
    refuse(otherTenant(credentials, report) ?? otherIdentity(credentials, report), tenantField);
    return report;
  }

  async #refuseDuplicate(orgId: string, tenantId: string): Promise<void> {
    if (await isTenantConnected(this.#options.db, orgId, tenantId)) throw new DuplicateTenantError(tenantId);
  }
}

function isUniqueViolation(error: unknown): boolean {
  return sqlStateOf(error) === "23505";
}

/** An identity check's refusal, on the input field of the tenant (`tenantField`) or the client id. */
function refuse(refusal: IdentityRefusal | null, tenantField: string): void {
  if (refusal) throw new IntegrationInputError(refusal.field === "tenantId" ? tenantField : "input.clientId", refusal.message);
}
