// `reseal`: seals every credential opened only by a key of SECRETS_KEY_PREVIOUS again under
// SECRETS_KEY, and says whether the previous keys may now be let go (docs/operations.md,
// rotating SECRETS_KEY). Run once every replica seals with the new key.
import { resealCredentials } from "../../integrations/reseal.js";
import { loadSecretsKeys } from "../../integrations/secrets.js";
import { cliConfig, CREDENTIALS, openMigratedDatabase } from "../environment.js";
import { CliError, ExitCode } from "../exit-codes.js";
import { println, type Terminal } from "../terminal.js";

export async function resealCommand(terminal: Terminal): Promise<ExitCode> {
  const config = cliConfig(terminal, CREDENTIALS);
  // A key generated into DATA_DIR is no replica's: credentials sealed under it would open nowhere.
  if (!config.secretsKey) throw new CliError(ExitCode.USAGE, "reseal needs SECRETS_KEY: the key every replica seals with");
  const database = await openMigratedDatabase(config);
  try {
    const { resealed, unreadable, underPrevious } = await resealCredentials(database.db, await loadSecretsKeys(config));
    println(terminal.out, `Sealed again under SECRETS_KEY: ${resealed} credential${resealed === 1 ? "" : "s"}.`);
    if (unreadable.length === 0 && underPrevious.length === 0) {
      println(terminal.out, "Every credential opens with SECRETS_KEY: SECRETS_KEY_PREVIOUS may be let go.");
      return ExitCode.OK;
    }
    if (underPrevious.length > 0) {
      println(
        terminal.err,
        `Still sealed under a previous key: ${integrationList(underPrevious)}, saved meanwhile by a replica that seals with it. Once every replica seals with SECRETS_KEY, run reseal again.`,
      );
    }
    if (unreadable.length > 0) {
      println(
        terminal.err,
        `No key opens the credential of ${integrationList(unreadable)}: give SECRETS_KEY_PREVIOUS the key that sealed them, or give each its credential again with updateEntraIntegration.`,
      );
    }
    return ExitCode.FAILURE;
  } finally {
    await database.close();
  }
}

function integrationList(ids: readonly string[]): string {
  return `${ids.length} integration${ids.length === 1 ? "" : "s"} (${ids.join(", ")})`;
}
