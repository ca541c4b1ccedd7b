// `integrations`: the connected tenants of an organisation, with status and last sync.
import { DEFAULT_ORG } from "../../directory/default-org.js";
import { listIntegrations } from "../../integrations/store.js";
import { latestRuns } from "../../integrations/runs.js";
import { cliConfig, NO_SECRETS, openMigratedDatabase } from "../environment.js";
import { ExitCode } from "../exit-codes.js";
import { println, type Terminal } from "../terminal.js";

export interface IntegrationsOptions {
  org: string;
  json?: boolean;
}

export async function integrationsCommand(options: IntegrationsOptions, terminal: Terminal): Promise<ExitCode> {
  const database = await openMigratedDatabase(cliConfig(terminal, NO_SECRETS));
  try {
    const org = options.org || DEFAULT_ORG;
    const rows = await listIntegrations(database.db, org);
    const runs = new Map((await latestRuns(database.db, org, rows.map((row) => row.id))).map((run) => [run.integrationId, run]));
    const listed = rows.map((row) => {
      const run = runs.get(row.id);
      return {
        id: row.id,
        name: row.name,
        tenantId: row.tenantId,
        status: row.status,
        statusError: row.statusError?.code ?? null,
        lastSync: run ? { status: run.status, mode: run.mode, finishedAt: run.finishedAt?.toISOString() ?? null } : null,
        nextSyncAt: row.nextSyncAt?.toISOString() ?? null,
      };
    });
    if (options.json) {
      println(terminal.out, JSON.stringify(listed, null, 2));
      return ExitCode.OK;
    }
    if (listed.length === 0) {
      println(terminal.out, `No integrations in organisation "${options.org}".`);
      return ExitCode.OK;
    }
    const table = listed.map((i) => [
      i.id,
      i.name,
      i.tenantId,
      i.statusError ? `${i.status} (${i.statusError})` : i.status,
      i.lastSync ? `${i.lastSync.status} ${i.lastSync.mode} ${i.lastSync.finishedAt ?? "running"}` : "never",
    ]);
    for (const line of columns([["ID", "NAME", "TENANT", "STATUS", "LAST SYNC"], ...table])) println(terminal.out, line);
    return ExitCode.OK;
  } finally {
    await database.close();
  }
}

function columns(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd());
}
