// A company in the emulator, our server pointed at the emulator, and the admin steps to connect it.
import { randomUUID } from "node:crypto";
import { generateTenant } from "../emulator/generate.js";
import { startEntraEmulator, type EntraEmulator } from "../emulator/server.js";
import type { Tenant } from "../emulator/tenant.js";
import type { TestDatabase } from "./database.js";
import { startTestServer, type TestServer } from "./server.js";
import type { Logger } from "../../src/logger.js";

/** What docs/connecting-a-tenant.md asks an admin to grant. */
export const ALL_PERMISSIONS = [
  "User.Read.All",
  "Group.Read.All",
  "Directory.Read.All",
  "RoleEligibilitySchedule.Read.Directory",
  "AuditLog.Read.All",
];

export interface ConnectedTenant {
  emulator: EntraEmulator;
  tenant: Tenant;
  clientId: string;
  clientSecret: string;
  server: TestServer;
  close(): Promise<void>;
}

export interface TenantOptions {
  users?: number;
  groups?: number;
  seed?: number;
  permissions?: string[];
  adminConsent?: boolean;
  pageSize?: number;
}

export type EmulatedTenant = Pick<ConnectedTenant, "emulator" | "tenant" | "clientId" | "clientSecret">;

/** Starts the emulator with a generated company and an app registration with a client secret. */
export async function startTenant(options: TenantOptions = {}): Promise<EmulatedTenant> {
  const emulator = await startEntraEmulator({ pageSize: options.pageSize ?? 50 });
  const tenant = emulator.addTenant({
    tenantId: randomUUID(),
    domains: ["contoso.onmicrosoft.com"],
    directory: generateTenant({ seed: options.seed ?? 7, users: options.users ?? 60, groups: options.groups ?? 12 }),
  });
  const clientId = randomUUID();
  const clientSecret = `Q7~${randomUUID()}`;
  tenant.registerApp({
    clientId,
    secret: clientSecret,
    permissions: options.permissions ?? ALL_PERMISSIONS,
    adminConsent: options.adminConsent ?? true,
  });
  return { emulator, tenant, clientId, clientSecret };
}

export interface ServerOptions {
  log?: Logger;
  /** More of the server's environment, e.g. AZURE_FEDERATED_TOKEN_FILE. */
  env?: NodeJS.ProcessEnv;
  /** AppOptions.deadRunGraceMs: 0 judges other processes' runs however young. */
  deadRunGraceMs?: number;
}

/** Our server on `db`, pointed at the emulator for tokens and Graph. */
export function startServerFor(db: TestDatabase, emulator: EntraEmulator, options: ServerOptions = {}): Promise<TestServer> {
  return startTestServer(db, {
    env: { ENTRA_AUTHORITY_HOST: emulator.url, GRAPH_BASE_URL: emulator.url, ...options.env },
    log: options.log,
    deadRunGraceMs: options.deadRunGraceMs,
  });
}

/** Starts the emulator with a generated company and our server configured to use it. */
export async function startTenantAndServer(
  db: TestDatabase,
  options: TenantOptions & ServerOptions = {},
): Promise<ConnectedTenant> {
  const started = await startTenant(options);
  const server = await startServerFor(db, started.emulator, options);
  return {
    ...started,
    server,
    async close() {
      await server.close();
      await started.emulator.close();
    },
  };
}

export const ADD_INTEGRATION = /* GraphQL */ `
  mutation Add($input: AddEntraIntegrationInput!) {
    addEntraIntegration(input: $input) {
      id name tenantId clientId cloud clientSecretHint status createdAt
      credential { kind hint expiresAt }
      permissions { permission granted message hint }
    }
  }
`;

export const INTEGRATION_STATUS = /* GraphQL */ `
  query Integration($id: ID!) {
    entraIntegration(id: $id) {
      id status nextSyncAt
      lastSync {
        id mode status usersUpserted usersRemoved groupsUpserted groupsRemoved membershipsChanged servicePrincipalsUpserted servicePrincipalsRemoved graphRequests
        error { code message hint }
      }
    }
  }
`;

export const SYNC_INTEGRATION = /* GraphQL */ `
  mutation Sync($id: ID!, $mode: SyncMode) {
    syncEntraIntegration(id: $id, mode: $mode) { id mode status }
  }
`;

/** Adds the tenant through the mutation, as an admin does, and waits for the first sync. */
export async function connectTenant(ct: Pick<ConnectedTenant, "server" | "tenant" | "clientId" | "clientSecret">, org = "default") {
  const { body } = await ct.server.request(
    ADD_INTEGRATION,
    {
      input: {
        name: "Corporate Entra ID",
        tenantId: ct.tenant.tenantId,
        clientId: ct.clientId,
        clientSecret: ct.clientSecret,
      },
    },
    { org },
  );
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  const integration = (body.data as { addEntraIntegration: { id: string } }).addEntraIntegration;
  await ct.server.app.runner.drain();
  return integration;
}

/** Runs a sync through the mutation and waits for it to finish; returns the run as the API reports it. */
export async function syncNow(ct: Pick<ConnectedTenant, "server">, integrationId: string, mode = "INCREMENTAL", org = "default") {
  const started = await ct.server.request(SYNC_INTEGRATION, { id: integrationId, mode }, { org });
  if (started.body.errors) throw new Error(JSON.stringify(started.body.errors));
  await ct.server.app.runner.drain();
  const { body } = await ct.server.request(INTEGRATION_STATUS, { id: integrationId }, { org });
  return (body.data as { entraIntegration: { status: string; lastSync: any } }).entraIntegration;
}
