// `test-connection`: the "Test Connection" button from a shell. Authentication, then each Graph
// permission, each with its verdict and what to do. The secret is read from an environment
// variable, never from the command line (where `ps` and shell history would keep it).
import type { AzureCloud } from "../../directory/azure-clouds.js";
import { entraEndpoints } from "../../entra/clouds.js";
import { testConnection } from "../../entra/connection-test.js";
import { createTokenSource } from "../../entra/credentials.js";
import { cliConfig } from "../environment.js";
import { CliError, ExitCode } from "../exit-codes.js";
import { println, type Terminal } from "../terminal.js";

export interface TestConnectionOptions {
  tenant: string;
  client: string;
  secretEnv: string;
  cloud: AzureCloud;
  json?: boolean;
}

export async function testConnectionCommand(options: TestConnectionOptions, terminal: Terminal): Promise<ExitCode> {
  const config = cliConfig(terminal);
  const clientSecret = terminal.env[options.secretEnv];
  if (!clientSecret) throw new CliError(ExitCode.USAGE, `The environment variable ${options.secretEnv} is empty: put the client secret's value in it`);
  const { authorityHost, graphBaseUrl } = entraEndpoints(options.cloud, config);
  const report = await testConnection(
    createTokenSource({ tenantId: options.tenant, clientId: options.client, clientSecret, authorityHost, graphBaseUrl }),
    graphBaseUrl,
  );
  const code = report.error
    ? ExitCode.AUTH_FAILED
    : report.checks.every((check) => check.granted)
      ? ExitCode.OK
      : ExitCode.PERMISSIONS_MISSING;
  if (options.json) {
    println(terminal.out, JSON.stringify(report, null, 2));
    return code;
  }
  const out = terminal.out;
  if (report.error) {
    println(out, `✗ Authentication failed${report.error.aadsts ? ` (${report.error.aadsts})` : ""}: ${report.error.message}`);
    println(out, `  → ${report.error.hint}`);
    return code;
  }
  println(out, `✓ Authenticated to tenant ${report.tenantId ?? options.tenant}`);
  for (const check of report.checks) {
    println(out, `${check.granted ? "✓" : "✗"} ${check.message}`);
    if (check.hint) println(out, `  → ${check.hint}`);
  }
  return code;
}
