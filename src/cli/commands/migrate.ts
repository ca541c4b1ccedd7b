// `migrate`: applies pending migrations to the configured database (also done by the server at start).
import { cliConfig, databaseLocation, NO_SECRETS, openConfiguredDatabase } from "../environment.js";
import { ExitCode } from "../exit-codes.js";
import { println, type Terminal } from "../terminal.js";

export async function migrateCommand(terminal: Terminal): Promise<ExitCode> {
  const config = cliConfig(terminal, NO_SECRETS);
  const database = await openConfiguredDatabase(config);
  try {
    await database.migrate();
    println(terminal.out, `Migrations applied: ${databaseLocation(config, database)}`);
    return ExitCode.OK;
  } finally {
    await database.close();
  }
}
