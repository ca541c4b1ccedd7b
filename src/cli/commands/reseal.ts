// `reseal`: seals every credential opened only by a key of SECRETS_KEY_PREVIOUS again under
// SECRETS_KEY, and says whether the previous keys may now be let go (docs/operations.md,
// rotating SECRETS_KEY). The server does the same when it starts with previous keys.
import { resealCredentials } from "../../integrations/reseal.js";
import { loadSecretsKeys } from "../../integrations/secrets.js";
import { cliConfig, openMigratedDatabase } from "../environment.js";
import { ExitCode } from "../exit-codes.js";
import { println, type Terminal } from "../terminal.js";

export async function resealCommand(terminal: Terminal): Promise<ExitCode> {
  const config = cliConfig(terminal);
  const database = await openMigratedDatabase(config);
  try {
    const { resealed, unreadable } = await resealCredentials(database.db, await loadSecretsKeys(config));
    println(terminal.out, `Sealed again under SECRETS_KEY: ${resealed} credential${resealed === 1 ? "" : "s"}.`);
    if (unreadable.length === 0) {
      println(terminal.out, "Every credential opens with SECRETS_KEY: SECRETS_KEY_PREVIOUS may be let go.");
      return ExitCode.OK;
    }
    println(
      terminal.err,
      `No key opens the credential of ${unreadable.length} integration${unreadable.length === 1 ? "" : "s"} (${unreadable.join(", ")}): give SECRETS_KEY_PREVIOUS the key that sealed them, or give each its credential again with updateEntraIntegration.`,
    );
    return ExitCode.FAILURE;
  } finally {
    await database.close();
  }
}
