// `test-connection`: the "Test Connection" button from a shell. Authentication, then each Graph
// permission, each with its verdict and what to do. A secret or private key is read from a file or
// an environment variable, never from the command line (where `ps` and shell history would keep
// it); the flags name where to find it.
import { readFile } from "node:fs/promises";
import type { AzureCloud } from "../../directory/azure-clouds.js";
import { entraEndpoints } from "../../entra/clouds.js";
import { testConnection } from "../../entra/connection-test.js";
import {
  checkCredential,
  createTokenSource,
  CredentialInputError,
  type EntraCredential,
  type EntraCredentialInput,
} from "../../entra/credentials.js";
import { otherIdentity, otherTenant, uncheckedTenant, type IdentityRefusal } from "../../integrations/identity-checks.js";
import { isMissingPermission } from "../../integrations/permission-tier.js";
import { isTenantName } from "../../integrations/validation.js";
import { cliConfig, NO_SECRETS } from "../environment.js";
import { CliError, ExitCode } from "../exit-codes.js";
import { println, type Terminal } from "../terminal.js";

export interface TestConnectionOptions {
  tenant: string;
  client: string;
  secretEnv?: string;
  secretFile?: string;
  certificateFile?: string;
  privateKeyFile?: string;
  privateKeyEnv?: string;
  /** true when given without a path: the platform's AZURE_FEDERATED_TOKEN_FILE. */
  workloadIdentity?: string | true;
  /** true when given without a client id: the system-assigned identity. */
  managedIdentity?: string | true;
  cloud: AzureCloud;
  json?: boolean;
}

/** Where each field of a credential comes from on the command line, for refusals to name. */
const FLAGS: Readonly<Record<string, string>> = {
  clientSecret: "--secret-env/--secret-file",
  "certificate.certificatePem": "--certificate-file",
  "certificate.privateKeyPem": "--private-key-file/--private-key-env",
  "workloadIdentity.tokenFile": "--workload-identity",
  "managedIdentity.clientId": "--managed-identity",
};

export async function testConnectionCommand(options: TestConnectionOptions, terminal: Terminal): Promise<ExitCode> {
  const config = cliConfig(terminal, NO_SECRETS);
  if (!isTenantName(options.tenant)) {
    throw new CliError(ExitCode.USAGE, `--tenant: ${options.tenant} is neither a tenant ID (a GUID) nor a domain such as contoso.onmicrosoft.com`);
  }
  const credential = await credentialOf(options, terminal, config.federatedTokenFile);
  const { authorityHost, graphBaseUrl } = entraEndpoints(options.cloud, config);
  const named = { tenantId: options.tenant, clientId: options.client, cloud: options.cloud, credential };
  refuse(uncheckedTenant(named));
  const report = await testConnection(
    createTokenSource({
      tenantId: options.tenant,
      clientId: options.client,
      credential,
      authorityHost,
      graphBaseUrl,
      tokenTimeoutMs: config.deadlines.tokenMs,
    }),
    graphBaseUrl,
  );
  if (!report.error) refuse(otherTenant(named, report) ?? otherIdentity(named, report));
  const code = report.error
    ? ExitCode.AUTH_FAILED
    : report.checks.some(isMissingPermission)
      ? ExitCode.PERMISSIONS_MISSING
      : ExitCode.OK;
  if (options.json) {
    println(terminal.out, JSON.stringify(report, null, 2));
    return code;
  }
  const out = terminal.out;
  if (report.error) {
    const { reason, aadsts, message, hint } = report.error;
    println(out, `✗ ${message}`);
    println(out, `  reason: ${reason}${aadsts ? ` (${aadsts})` : ""}, see docs/troubleshooting.md`);
    println(out, `  → ${hint}`);
    return code;
  }
  println(out, `✓ Authenticated to tenant ${report.tenantId ?? options.tenant}`);
  for (const check of report.checks) {
    // What a missing permission costs is its tier's: an optional one does not change the exit code.
    println(out, `${check.granted ? "✓" : "✗"} ${check.message}${check.granted ? "" : ` (${check.tier.toLowerCase()})`}`);
    if (check.hint) println(out, `  → ${check.hint}`);
  }
  return code;
}

/** A managed identity that reads another tenant, or is another identity, than the flags name (identity-checks.ts). */
function refuse(refusal: IdentityRefusal | null): void {
  if (refusal) throw new CliError(ExitCode.USAGE, `${refusal.field === "tenantId" ? "--tenant" : "--client"}: ${refusal.message}`);
}

/** The one credential the flags name, read and checked; a usage error names the flag at fault. */
async function credentialOf(
  options: TestConnectionOptions,
  terminal: Terminal,
  federatedTokenFile: string | undefined,
): Promise<EntraCredential> {
  const kinds = [
    options.secretEnv !== undefined || options.secretFile !== undefined ? "--secret-env/--secret-file" : null,
    options.certificateFile !== undefined || options.privateKeyFile !== undefined || options.privateKeyEnv !== undefined
      ? "--certificate-file"
      : null,
    options.workloadIdentity !== undefined ? "--workload-identity" : null,
    options.managedIdentity !== undefined ? "--managed-identity" : null,
  ].filter((kind) => kind !== null);
  if (kinds.length !== 1) {
    throw new CliError(
      ExitCode.USAGE,
      kinds.length === 0
        ? "Give one credential: --secret-env or --secret-file, --certificate-file with --private-key-file or --private-key-env, --workload-identity, or --managed-identity"
        : `Give one credential, not ${kinds.length}: ${kinds.join(", ")} were given together`,
    );
  }
  const input = await credentialInput(options, terminal);
  try {
    return checkCredential(input, { federatedTokenFile });
  } catch (error) {
    if (error instanceof CredentialInputError) throw new CliError(ExitCode.USAGE, `${FLAGS[error.field] ?? error.field}: ${error.message}`);
    throw error;
  }
}

async function credentialInput(options: TestConnectionOptions, terminal: Terminal): Promise<EntraCredentialInput> {
  const { workloadIdentity, managedIdentity } = options;
  if (workloadIdentity !== undefined) {
    return { kind: "WORKLOAD_IDENTITY", tokenFile: workloadIdentity === true ? null : workloadIdentity };
  }
  if (managedIdentity !== undefined) {
    return { kind: "MANAGED_IDENTITY", clientId: managedIdentity === true ? null : managedIdentity };
  }
  if (options.certificateFile !== undefined || options.privateKeyFile !== undefined || options.privateKeyEnv !== undefined) {
    if (options.certificateFile === undefined) throw new CliError(ExitCode.USAGE, "--certificate-file is missing: give the certificate with its key");
    return {
      kind: "CERTIFICATE",
      certificatePem: await fileText("--certificate-file", options.certificateFile),
      privateKeyPem: await secretText(terminal, "--private-key-file", options.privateKeyFile, "--private-key-env", options.privateKeyEnv),
    };
  }
  return {
    kind: "CLIENT_SECRET",
    clientSecret: await secretText(terminal, "--secret-file", options.secretFile, "--secret-env", options.secretEnv),
  };
}

/** A secret from exactly one of a file or an environment variable. */
async function secretText(
  terminal: Terminal,
  fileFlag: string,
  file: string | undefined,
  envFlag: string,
  variable: string | undefined,
): Promise<string> {
  if ((file === undefined) === (variable === undefined)) {
    throw new CliError(ExitCode.USAGE, `Give one of ${fileFlag} or ${envFlag}`);
  }
  if (file !== undefined) return (await fileText(fileFlag, file)).trim();
  const value = terminal.env[variable!];
  if (!value) throw new CliError(ExitCode.USAGE, `The environment variable ${variable} is empty: put the value in it (${envFlag})`);
  return value;
}

async function fileText(flag: string, file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new CliError(ExitCode.USAGE, `${flag} ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
