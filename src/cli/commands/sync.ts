// `sync <id> [--full]`: runs one sync of an integration in this process, with a progress bar
// and a summary. Ctrl-C abandons it: the run is one transaction, so nothing of it is applied.
import { and, count, eq } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { directoryGroups, directoryServicePrincipals, directoryUsers } from "../../db/schema.js";
import { loadSecretsKeys } from "../../integrations/secrets.js";
import type { SyncRunRow } from "../../integrations/runs.js";
import { isMissingPermission } from "../../integrations/permission-tier.js";
import { refuseIfPaused } from "../../integrations/status.js";
import { ENTRA_AUTH_FAILED, PERMISSION_MISSING } from "../../integrations/status-reasons.js";
import { findIntegration } from "../../integrations/store.js";
import { SyncRunner } from "../../integrations/sync-runner.js";
import { isIntegrationId } from "../../integrations/validation.js";
import { cliConfig, cliLogger, CREDENTIALS, openMigratedDatabase } from "../environment.js";
import { CliError, ExitCode } from "../exit-codes.js";
import { syncProgressBar } from "../sync-progress.js";
import { println, type Terminal } from "../terminal.js";

export async function syncCommand(id: string, options: { full?: boolean }, terminal: Terminal): Promise<ExitCode> {
  const config = cliConfig(terminal, CREDENTIALS);
  const database = await openMigratedDatabase(config);
  try {
    const integration = isIntegrationId(id) ? await findIntegration(database.db, id) : null;
    if (!integration) throw new CliError(ExitCode.NOT_FOUND, `No integration has id ${id} (list them with: identity-subgraph integrations)`);
    refuseIfPaused(integration);
    const progress = syncProgressBar(terminal.err, await mirroredObjects(database.db, integration.id));
    const runner = new SyncRunner({
      db: database.db,
      transaction: database.syncTransaction,
      reads: database.readActivity,
      config,
      secretsKeys: await loadSecretsKeys(config),
      log: cliLogger(terminal, config),
      observer: progress,
    });
    const abandon = () => runner.abandon();
    process.once("SIGINT", abandon);
    let run: SyncRunRow;
    try {
      run = await (await runner.start(integration, options.full ? "FULL" : "INCREMENTAL")).finished;
    } finally {
      process.off("SIGINT", abandon);
      progress.stop();
    }
    const after = await findIntegration(database.db, integration.id);
    printSummary(terminal, integration.name, run, after?.status ?? "", after?.statusError?.message);
    // Exit 4 whenever a permission is missing, whatever warning the status shows first (a credential
    // about to expire takes the place of the permission's), and for a run failed by a permission taken away.
    if (run.status === "SUCCEEDED") return after?.permissions.some(isMissingPermission) ? ExitCode.PERMISSIONS_MISSING : ExitCode.OK;
    if (run.error?.code === PERMISSION_MISSING) return ExitCode.PERMISSIONS_MISSING;
    return run.error?.code === ENTRA_AUTH_FAILED ? ExitCode.AUTH_FAILED : ExitCode.FAILURE;
  } finally {
    await database.close();
  }
}

async function mirroredObjects(db: Database, integrationId: string): Promise<number> {
  const [users] = await db.select({ n: count() }).from(directoryUsers).where(and(eq(directoryUsers.integrationId, integrationId)));
  const [groups] = await db.select({ n: count() }).from(directoryGroups).where(eq(directoryGroups.integrationId, integrationId));
  const [principals] = await db
    .select({ n: count() })
    .from(directoryServicePrincipals)
    .where(eq(directoryServicePrincipals.integrationId, integrationId));
  return (users?.n ?? 0) + (groups?.n ?? 0) + (principals?.n ?? 0);
}

function printSummary(terminal: Terminal, name: string, run: SyncRunRow, status: string, warning: string | undefined): void {
  const seconds = run.finishedAt ? (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000 : 0;
  const out = terminal.out;
  println(out, `${run.mode} sync of "${name}" ${run.status} in ${seconds.toFixed(1)} s (run ${run.id})`);
  println(out, `  users:              ${run.usersUpserted} upserted, ${run.usersRemoved} removed`);
  println(out, `  groups:             ${run.groupsUpserted} upserted, ${run.groupsRemoved} removed`);
  println(out, `  memberships:        ${run.membershipsChanged} changed`);
  println(out, `  service principals: ${run.servicePrincipalsUpserted} upserted, ${run.servicePrincipalsRemoved} removed`);
  println(out, `  Graph:              ${run.graphRequests} requests`);
  println(out, `  integration:        ${status}`);
  if (run.error) {
    println(out, `  error:              ${run.error.code}: ${run.error.message}`);
    if (run.error.hint) println(out, `  hint:               ${run.error.hint}`);
  } else if (status === "WARNING" && warning) {
    println(out, `  warning:            ${warning}`);
  }
}
