// The command line: parses arguments with commander, runs one command, and returns its exit code
// (main.ts exits with it; tests call runCli in-process).
import { Command, CommanderError, Option } from "commander";
import { CodedError } from "../coded-error.js";
import { AZURE_CLOUDS } from "../directory/azure-clouds.js";
import { DEFAULT_ORG } from "../directory/default-org.js";
import { integrationsCommand } from "./commands/integrations.js";
import { migrateCommand } from "./commands/migrate.js";
import { resealCommand } from "./commands/reseal.js";
import { syncCommand } from "./commands/sync.js";
import { testConnectionCommand } from "./commands/test-connection.js";
import { tokenCommand } from "./commands/token.js";
import { packageVersion } from "../package-version.js";
import { CliError, ExitCode } from "./exit-codes.js";
import { println, type Terminal } from "./terminal.js";

export async function runCli(argv: string[], terminal: Terminal): Promise<number> {
  let exitCode: number = ExitCode.OK;
  const done = (code: number) => void (exitCode = code);
  const program = new Command("identity-subgraph")
    .description("Operate the Entra ID identity subgraph: database, tokens, integrations and syncs.")
    .version(packageVersion())
    .exitOverride()
    .configureOutput({
      writeOut: (text) => terminal.out.write(text),
      writeErr: (text) => terminal.err.write(text),
    })
    .showHelpAfterError()
    .addHelpText(
      "after",
      "\nExit codes: 0 ok, 1 failure, 2 usage or configuration, 3 Entra refused the credentials,\n" +
        "4 permissions missing, 5 integration not found.\n" +
        "Configuration comes from the environment, as for the server (see docs/configuration.md).",
    );

  program
    .command("migrate")
    .description("apply pending database migrations")
    .action(async () => done(await migrateCommand(terminal)));

  program
    .command("reseal")
    .description("seal credentials sealed under a key of SECRETS_KEY_PREVIOUS again under SECRETS_KEY")
    .action(async () => done(await resealCommand(terminal)));

  program
    .command("token")
    .description("mint a bearer token (development, or where AUTH_JWT_SECRET is the verification key)")
    .option("--role <role...>", "roles claim, e.g. admin", [])
    .option("--org <org>", "organisation claim", DEFAULT_ORG)
    .option("--sub <subject>", "subject claim", "cli")
    .option("--expires <duration>", "lifetime, e.g. 1h, 30d", "1h")
    .action(async (options) => done(await tokenCommand(options, terminal)));

  program
    .command("integrations")
    .description("list an organisation's connected tenants with status and last sync")
    .option("--org <org>", "organisation", DEFAULT_ORG)
    .option("--json", "print JSON instead of a table")
    .action(async (options) => done(await integrationsCommand(options, terminal)));

  program
    .command("sync")
    .description("sync one integration now, with a progress bar and a summary")
    .argument("<id>", "integration id (see: integrations)")
    .option("--full", "re-read the whole directory instead of changes since the last sync")
    .action(async (id: string, options) => done(await syncCommand(id, options, terminal)));

  program
    .command("test-connection")
    .description("check credentials and Graph permissions, as the Test Connection button does")
    .requiredOption("--tenant <tenant>", "Directory (tenant) ID or a verified domain")
    .requiredOption("--client <client>", "Application (client) ID (for a managed identity, its client id)")
    .option("--secret-env <variable>", "a client secret: the environment variable holding it")
    .option("--secret-file <file>", "a client secret: the file holding it")
    .option("--certificate-file <file>", "a certificate uploaded to the app: its PEM file, with its key below")
    .option("--private-key-file <file>", "the certificate's private key: its PEM file (unencrypted)")
    .option("--private-key-env <variable>", "the certificate's private key: the environment variable holding its PEM")
    .option("--workload-identity [token-file]", "workload identity federation: the token file (default: AZURE_FEDERATED_TOKEN_FILE)")
    .option("--managed-identity [client-id]", "this Azure resource's managed identity: a user-assigned one's client id (default: system-assigned)")
    .addOption(new Option("--cloud <cloud>", "Azure cloud").choices(AZURE_CLOUDS).default("GLOBAL"))
    .option("--json", "print the report as JSON")
    .addHelpText(
      "after",
      "\nGive one credential. Secrets and keys are read from files or environment variables, never from the\n" +
        "command line. Exit code 3: Entra ID refused the credential (the reason and its fix are printed).",
    )
    .action(async (options) => done(await testConnectionCommand(options, terminal)));

  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, successfully.
      return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    if (error instanceof CliError) {
      println(terminal.err, `error: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof CodedError) {
      // The API's refusal (a paused integration, say), named by the code the API gives it.
      println(terminal.err, `error: ${error.message} (${error.code})`);
      return ExitCode.FAILURE;
    }
    println(terminal.err, `error: ${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.FAILURE;
  }
}
