// What PostgreSQL wrote while a sync ran: its write-ahead log, the full-page images in it, the
// checkpoints, and the buffers a backend had to write out itself to make room. A sync's time per
// user that grows with the tenant is PostgreSQL's (BENCHMARKS.md); these say whether it went into
// writing: a checkpoint in mid-run makes the next change of every page log the whole page again.
//
// The counters are the server's, not one database's: the bench is the only thing writing to its
// server. A backend reports them when it goes idle, so a run's are all in once it has committed.
import type { Sql } from "postgres";

export interface PostgresWrites {
  walBytes: number;
  fullPageImages: number;
  checkpoints: number;
  /** Buffers written by backends rather than the background writer or a checkpoint. */
  backendBuffers: number;
}

/** Reads the counters now; the returned function reads them again and gives the difference. */
export async function measurePostgresWrites(admin: Sql): Promise<() => Promise<PostgresWrites>> {
  const before = await readCounters(admin);
  return async () => {
    const after = await readCounters(admin);
    return {
      walBytes: after.walBytes - before.walBytes,
      fullPageImages: after.fullPageImages - before.fullPageImages,
      checkpoints: after.checkpoints - before.checkpoints,
      backendBuffers: after.backendBuffers - before.backendBuffers,
    };
  };
}

// PostgreSQL 15 and 16 keep checkpoints and backend writes in pg_stat_bgwriter; 17 moved them to
// pg_stat_checkpointer and pg_stat_io.
async function readCounters(admin: Sql): Promise<PostgresWrites> {
  const [{ version }] = (await admin`select current_setting('server_version_num')::int as version`) as unknown as [{ version: number }];
  const [row] = (await admin.unsafe(
    version >= 170000
      ? `select w.wal_bytes::float8 as "walBytes", w.wal_fpi::float8 as "fullPageImages",
                (c.num_timed + c.num_requested)::float8 as checkpoints,
                (select coalesce(sum(writes), 0) from pg_stat_io where backend_type = 'client backend')::float8 as "backendBuffers"
           from pg_stat_wal w, pg_stat_checkpointer c`
      : `select w.wal_bytes::float8 as "walBytes", w.wal_fpi::float8 as "fullPageImages",
                (b.checkpoints_timed + b.checkpoints_req)::float8 as checkpoints, b.buffers_backend::float8 as "backendBuffers"
           from pg_stat_wal w, pg_stat_bgwriter b`,
  )) as unknown as [PostgresWrites];
  return row;
}

/** "958 MB of WAL, 118,203 full-page images, 1 checkpoint, 123,651 buffers written by the backend". */
export function formatPostgresWrites(writes: PostgresWrites): string {
  const count = (n: number) => n.toLocaleString("en");
  return [
    `${(writes.walBytes / 1e6).toFixed(0)} MB of WAL`,
    `${count(writes.fullPageImages)} full-page images`,
    `${count(writes.checkpoints)} checkpoint${writes.checkpoints === 1 ? "" : "s"}`,
    `${count(writes.backendBuffers)} buffers written by the backend`,
  ].join(", ");
}
