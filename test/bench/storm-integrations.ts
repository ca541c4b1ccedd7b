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
      await added(tx, row.id, [], 0); // made due at once below
      ids.push(row.id);
    }
    await tx.execute(sql`update integrations set next_sync_at = now() where id in ${ids}`);
    return ids;
  });
}

/** How far the storm has got, sampled every 200 ms while it runs: cheap, so that the sampling takes no CPU from the reads measured. */
export interface StormProgress {
  /** Runs RUNNING now, on every replica. */
  running: number;
  /** Integrations whose latest run SUCCEEDED. */
  synced: number;
}

export async function stormProgress(db: Database, ids: string[]): Promise<StormProgress> {
  const [progress] = await selectRows<StormProgress>(
    db,
    sql`select (select count(*)::int from sync_runs where status = 'RUNNING') as running,
               (select count(*)::int from integrations i
                  where i.id in ${ids}
                    and (select status from sync_runs where integration_id = i.id order by started_at desc limit 1) = 'SUCCEEDED') as synced`,
  );
  return progress!;
}

/** Each integration once the storm is over: its latest run's status and the people its mirror holds. */
export interface StormOutcome {
  id: string;
  lastRun: string | null;
  users: number;
}

export async function stormOutcome(db: Database, ids: string[]): Promise<StormOutcome[]> {
  return selectRows<StormOutcome>(
    db,
    sql`select i.id, r.status as "lastRun",
          (select count(*)::int from directory_users u where u.integration_id = i.id) as users
        from integrations i
        left join lateral (select status from sync_runs where integration_id = i.id order by started_at desc limit 1) r on true
        where i.id in ${ids}`,
  );
}
