// The lock a run holds on its integration for its whole transaction, and how any replica tells a
// live run from one whose process is gone.
//
// Liveness is this lock, not a heartbeat column. A run takes a transaction-scoped advisory lock
// on its integration before it touches the mirror, and PostgreSQL releases it the moment the
// session holding it ends: a process killed, evicted or out of memory loses its connections, and
// the lock goes with them. So "the lock is free, yet a run is RUNNING" proves the run's process
// is gone, with no clock to trust and no writes from a run outside its transaction: on PGlite a
// heartbeat would have to wait for the embedded database's only connection, which the run itself
// holds. It works the same on PGlite (one process, one session: the probe waits for the run's
// transaction, and a replica never probes its own runs) and on PostgreSQL.
//
// One gap, closed by a grace: a run's row is written just before its transaction takes the lock.
// A row younger than the grace is not judged.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { selectRows } from "../db/rows.js";

/** How long a run's row may wait for its transaction to take the lock (a pool connection, BEGIN). */
export const RUN_START_GRACE_MS = 15_000;

/** Takes the integration's run lock until the end of `tx`'s transaction; false while another run holds it. */
export async function tryLockIntegration(tx: Database, integrationId: string): Promise<boolean> {
  const [lock] = await selectRows<{ locked: boolean }>(
    tx,
    sql`select pg_try_advisory_xact_lock(hashtext(${integrationId})) as locked`,
  );
  return Boolean(lock?.locked);
}
