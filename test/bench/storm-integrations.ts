// The storm's side of the database, run in a subgraph process: tenants enrolled all due at the
// same instant, and how far their syncs have got.
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { selectRows } from "../../src/db/rows.js";
import { credentialColumns } from "../../src/integrations/sealed-credential.js";
import { added } from "../../src/integrations/status.js";
import { insertIntegration } from "../../src/integrations/store.js";

export interface StormTenant {
  name: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/**
 * Integrations for every tenant, due now, in one transaction so that they fall due together. The
 * admin's connection test is left out: the storm is about what happens once they are due.
 */
export async function enrolDue(db: Database, secretsKey: Buffer, orgId: string, tenants: StormTenant[]): Promise<string[]> {
  return db.transaction(async (tx) => {
    const ids: string[] = [];
    for (const tenant of tenants) {
      const row = await insertIntegration(tx, {
        orgId,
        name: tenant.name,
        tenantId: tenant.tenantId,
        directoryTenantId: tenant.tenantId,
        clientId: tenant.clientId,
        cloud: "GLOBAL",
        ...credentialColumns({ kind: "CLIENT_SECRET", clientSecret: tenant.clientSecret }, secretsKey),
        permissions: [],
      });
      await added(tx, row.id, []);
      ids.push(row.id);
    }
    await tx.execute(sql`update integrations set next_sync_at = now() where id in ${ids}`);
    return ids;
  });
}

export interface StormState {
  /** Runs RUNNING now, on every replica. */
  running: number;
  /** Integrations whose latest run SUCCEEDED. */
  synced: number;
  /** Each integration: its status, its latest run's, and the people its mirror holds. */
  integrations: { id: string; status: string; lastRun: string | null; users: number }[];
}

export async function stormState(db: Database, ids: string[]): Promise<StormState> {
  const integrations = await selectRows<{ id: string; status: string; lastRun: string | null; users: number }>(
    db,
    sql`select i.id, i.status, r.status as "lastRun",
          (select count(*)::int from directory_users u where u.integration_id = i.id) as users
        from integrations i
        left join lateral (select status from sync_runs where integration_id = i.id order by started_at desc limit 1) r on true
        where i.id in ${ids}`,
  );
  const [running] = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from sync_runs where status = 'RUNNING'`);
  return {
    running: running!.n,
    synced: integrations.filter((integration) => integration.lastRun === "SUCCEEDED").length,
    integrations,
  };
}
