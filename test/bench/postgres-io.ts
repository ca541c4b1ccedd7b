// What PostgreSQL read and wrote while a sync ran: pages it had to fetch because they were not in
// its shared buffers, the buffers a backend had to write out itself to make room for them, its
// write-ahead log, the full-page images in it and the checkpoints. A sync's time per user that
// grows with the tenant is PostgreSQL's (BENCHMARKS.md); these say whether the mirror's indexes
// still fit in its buffers, and whether checkpoints in mid-run made pages be logged whole again.
//
// The counters are the server's, not one database's: the bench is the only thing on its server.
// A backend reports them when it goes idle, but at most once a second: a run's are all in a
// second after it committed.
import { setTimeout } from "node:timers/promises";
import type { Sql } from "postgres";

/** PostgreSQL's PGSTAT_MIN_INTERVAL, and a little more. */
const REPORTING_INTERVAL_MS = 1_100;

export interface PostgresIo {
  /** Pages read from outside shared buffers (the OS's cache or the disk). */
  buffersRead: number;
  walBytes: number;
  fullPageImages: number;
  checkpoints: number;
  /** Buffers written by backends rather than the background writer or a checkpoint. */
  backendBuffers: number;
}

/** Reads the counters now; the returned function reads them again and gives the difference. */
export async function measurePostgresIo(admin: Sql): Promise<() => Promise<PostgresIo>> {
  const [{ version }] = (await admin`select current_setting('server_version_num')::int as version`) as unknown as [{ version: number }];
  const before = await readCounters(admin, version);
  return async () => {
    await setTimeout(REPORTING_INTERVAL_MS);
    const after = await readCounters(admin, version);
    return {
      buffersRead: after.buffersRead - before.buffersRead,
      walBytes: after.walBytes - before.walBytes,
      fullPageImages: after.fullPageImages - before.fullPageImages,
      checkpoints: after.checkpoints - before.checkpoints,
      backendBuffers: after.backendBuffers - before.backendBuffers,
    };
  };
}

const BUFFERS_READ = `(select sum(blks_read) from pg_stat_database)::float8 as "buffersRead"`;

// PostgreSQL 15 and 16 keep checkpoints and backend writes in pg_stat_bgwriter; 17 moved them to
// pg_stat_checkpointer and pg_stat_io.
async function readCounters(admin: Sql, version: number): Promise<PostgresIo> {
  const [row] = (await admin.unsafe(
    version >= 170000
      ? `select ${BUFFERS_READ}, w.wal_bytes::float8 as "walBytes", w.wal_fpi::float8 as "fullPageImages",
                (c.num_timed + c.num_requested)::float8 as checkpoints,
                (select coalesce(sum(writes), 0) from pg_stat_io where backend_type = 'client backend')::float8 as "backendBuffers"
           from pg_stat_wal w, pg_stat_checkpointer c`
      : `select ${BUFFERS_READ}, w.wal_bytes::float8 as "walBytes", w.wal_fpi::float8 as "fullPageImages",
                (b.checkpoints_timed + b.checkpoints_req)::float8 as checkpoints, b.buffers_backend::float8 as "backendBuffers"
           from pg_stat_wal w, pg_stat_bgwriter b`,
  )) as unknown as [PostgresIo];
  return row;
}

/** "150,281 pages read, 123,651 written by the backend; 958 MB of WAL, 118,203 full-page images, 1 checkpoint". */
export function formatPostgresIo(io: PostgresIo): string {
  const count = (n: number) => n.toLocaleString("en");
  const buffers = `${count(io.buffersRead)} pages read, ${count(io.backendBuffers)} written by the backend`;
  const wal = `${(io.walBytes / 1e6).toFixed(0)} MB of WAL, ${count(io.fullPageImages)} full-page images, ${count(io.checkpoints)} checkpoint${io.checkpoints === 1 ? "" : "s"}`;
  return `${buffers}; ${wal}`;
}
