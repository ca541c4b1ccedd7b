// Opens the mirror database: PostgreSQL through postgres.js when DATABASE_URL is set, else an
// embedded PGlite in DATA_DIR, so that `npm start` needs no database server at all.
//
// On PostgreSQL the work is split over separate pools, so that one kind of work can never take
// the connections another needs: GraphQL requests have theirs, syncs have theirs (a sync holds
// its connection inside one transaction for the whole run), and reads may go to a read replica
// (DATABASE_READ_URL). PGlite has one connection, which every handle shares; while a sync holds
// it, reads go to a snapshot of what is committed (sync-snapshots.ts).
import { chmod, mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { lockEmbeddedDatabase } from "./embedded-lock.js";
import { sql } from "drizzle-orm";
import type { Logger } from "drizzle-orm/logger";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Database } from "./database.js";
import * as schema from "./schema.js";
import { cancelOnAbort } from "./cancellable-transaction.js";
import { PREPARED_POOL_OPTIONS, preparingStatements } from "./prepared-statements.js";
import { ReadActivity } from "./read-activity.js";
import { assertMigrated, newestMigration } from "./readiness.js";
import { LOCK_WAIT_STATES, sqlStateOf } from "./sql-state.js";
import { SyncSnapshots, type ReadLease as LeaseOf } from "./sync-snapshots.js";

export type { Database } from "./database.js";

/** Where one GraphQL request reads; release() once it is answered. */
export type ReadLease = LeaseOf<Database>;

/** Sees every SQL statement sent through drizzle: used to count statements per request. */
export type StatementObserver = (query: string, params: unknown[]) => void;

export interface DatabaseHandle {
  /** The primary, for GraphQL requests: mutations, admin changes, and reads without a replica. */
  readonly db: Database;
  /** The primary, for syncs alone: their runs' transactions and their bookkeeping (sync-runner.ts, scheduler.ts). */
  readonly syncDb: Database;
  /**
   * Where one GraphQL query reads, until its lease is released: the read replica
   * (DATABASE_READ_URL) if there is one, else `db`; on PGlite while a sync runs, the snapshot of
   * what is committed (sync-snapshots.ts).
   */
  leaseReads(): Promise<ReadLease>;
  /** Runs one read where GraphQL queries read (leaseReads): the metrics' reads, the readiness check. */
  reading<T>(read: (db: Database) => Promise<T>): Promise<T>;
  /**
   * A sync's transaction on the syncs' connections (`syncDb`). Reads never wait for it and see
   * the mirror as last committed: on PostgreSQL through MVCC and the pools apart; on PGlite they
   * read a snapshot meanwhile (sync-snapshots.ts). `abort` cancels the statement it has in flight
   * (on PostgreSQL: a statement waiting for a lock would otherwise outlast the run's ceiling),
   * which fails the transaction.
   */
  syncTransaction<T>(work: (tx: Database) => Promise<T>, abort: AbortSignal): Promise<T>;
  /** How long this process has had reads in flight (every leaseReads until released): what syncs give way to. */
  readonly readActivity: ReadActivity;
  readonly kind: "postgres" | "pglite";
  /** Applies pending migrations (serialised across replicas on PostgreSQL). */
  migrate(): Promise<void>;
  /**
   * Resolves when the database answers and has every migration this build ships (where reads go
   * too); rejects with a MigrationsPendingError when it answers without them.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres.js URL; undefined opens PGlite. */
  databaseUrl: string | undefined;
  /** Where PGlite keeps its files; `memory://` or undefined keeps them in memory. */
  dataDir?: string;
  /** An existing PGlite (tests clone one migrated instance per test). */
  pglite?: PGlite;
  /** A PostgreSQL read replica's URL: GraphQL queries read there (PostgreSQL only). */
  readUrl?: string;
  observe?: StatementObserver;
  /** Connections serving GraphQL requests (and, apart, reads on the replica). */
  maxConnections?: number;
  /**
   * Most scheduled syncs running at once (SYNC_CONCURRENCY): their pool has one connection each,
   * one for an admin's run (sync-slots.ts), and one more for what a run records outside its
   * transaction (its row, its integration's status) and for the scheduler's claims, so neither
   * waits behind the runs' transactions. 0: no sync pool (the CLI's commands, which run one sync
   * on `db`).
   */
  syncConcurrency?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  const newest = newestMigration(migrationsFolder());
  const logger: Logger | undefined = options.observe
    ? { logQuery: (query, params) => options.observe!(query, params) }
    : undefined;
  if (options.databaseUrl) {
    const pool = (url: string, max: number) => {
      const client = postgres(url, { max, onnotice: () => {}, ...PREPARED_POOL_OPTIONS });
      return { client, db: drizzlePostgres(preparingStatements(client), { schema, logger }) as unknown as Database };
    };
    const serving = pool(options.databaseUrl, options.maxConnections ?? 10);
    const syncConcurrency = options.syncConcurrency ?? 0;
    const syncs = syncConcurrency > 0 ? pool(options.databaseUrl, syncConcurrency + 2) : serving;
    const reads = options.readUrl ? pool(options.readUrl, options.maxConnections ?? 10) : serving;
    const clients = [...new Set([serving.client, syncs.client, reads.client])];
    const readActivity = new ReadActivity();
    const leaseReads = readActivity.counting(async () => ({ db: reads.db, release: () => {} }));
    return {
      db: serving.db,
      syncDb: syncs.db,
      leaseReads,
      reading: readingFrom(leaseReads),
      readActivity,
      syncTransaction: (work, abort) =>
        syncs.db.transaction(async (tx) => {
          const [session] = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as { pid: number }[];
          return cancelOnAbort(session!.pid, syncs.client, abort, () => work(tx));
        }),
      kind: "postgres",
      migrate: () => migratePostgres(options.databaseUrl!),
      // Ready only when every pool's server answers: a replica that is down fails every query.
      ping: async () => void (await Promise.all([...new Set([serving.db, reads.db])].map((db) => assertMigrated(db, newest)))),
      close: async () => void (await Promise.all(clients.map((client) => client.end({ timeout: 5 })))),
    };
  }
  if (options.readUrl) throw new Error("A read replica (DATABASE_READ_URL) needs PostgreSQL (DATABASE_URL)");
  const { pglite, unlock } = options.pglite ? { pglite: options.pglite, unlock: async () => {} } : await openPglite(options.dataDir);
  const open = (instance: PGlite) => drizzlePglite(instance, { schema, logger }) as unknown as Database;
  const db = open(pglite);
  const snapshots = new SyncSnapshots(pglite, db, open);
  const readActivity = new ReadActivity();
  const leaseReads = readActivity.counting(() => snapshots.lease());
  const reading = readingFrom(leaseReads);
  return {
    db,
    syncDb: db,
    leaseReads,
    reading,
    readActivity,
    // One connection: no other session can hold a lock this transaction would wait for.
    syncTransaction: (work) => snapshots.isolate(() => db.transaction(work)),
    kind: "pglite",
    migrate: async () => {
      const { migrate } = await import("drizzle-orm/pglite/migrator");
      await migrate(drizzlePglite(pglite), { migrationsFolder: migrationsFolder() });
    },
    ping: () => reading((on) => assertMigrated(on, newest)),
    close: async () => {
      try {
        await snapshots.close();
        await pglite.close();
      } finally {
        await unlock();
      }
    },
  };
}

/** DatabaseHandle.reading over a handle's leaseReads: one read, its lease released however it ends. */
function readingFrom(leaseReads: () => Promise<ReadLease>): DatabaseHandle["reading"] {
  return async (read) => {
    const lease = await leaseReads();
    try {
      return await read(lease.db);
    } finally {
      lease.release();
    }
  };
}

/** PGlite in memory, or in `dataDir` under its lock (embedded-lock.ts), released when it is closed. */
async function openPglite(dataDir: string | undefined): Promise<{ pglite: PGlite; unlock: () => Promise<void> }> {
  if (!dataDir || dataDir.startsWith("memory://")) return { pglite: new PGlite(), unlock: async () => {} };
  // The mirror is the directory's people: readable by this user only. PGlite writes its files
  // 0666 whatever the umask, so the folder is what keeps other local users out, also one an
  // earlier release made 0755.
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // A folder another user owns is theirs to close: ours to use as it is.
  await chmod(dataDir, 0o700).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EPERM") throw error;
  });
  const unlock = await lockEmbeddedDatabase(dataDir);
  try {
    return { pglite: new PGlite(dataDir), unlock };
  } catch (error) {
    await unlock();
    throw error;
  }
}

/** How migrations wait for the locks they need (a test shortens them). */
export interface MigrationPatience {
  /** Longest wait for one lock: past it the migrations roll back and are tried again. */
  readonly lockTimeoutMs: number;
  /** Pause between tries. */
  readonly retryDelayMs: number;
  /** Tries before giving up, with the lock's error. */
  readonly tries: number;
}

// A migration altering a table waits for the transactions that read it (an older replica's sync
// holds one for minutes), and, waiting, makes every later reader of the table wait behind it: an
// older replica's queries would hang for as long as its sync runs, and the two could deadlock.
// Waiting a few seconds at a time instead, then letting go of everything and trying again, the
// readers wait seconds at most: ten minutes of tries in all.
const MIGRATION_PATIENCE: MigrationPatience = { lockTimeoutMs: 5_000, retryDelayMs: 5_000, tries: 60 };

/** Migrates on a dedicated connection holding an advisory lock, so replicas starting together take turns. */
export async function migratePostgres(url: string, patience: MigrationPatience = MIGRATION_PATIENCE): Promise<void> {
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  // The session holds the advisory lock and the lock timeout: never recycled under them (postgres.js
  // replaces a connection after 30-60 minutes by default, and a turn may be waited for that long).
  const client = postgres(url, { max: 1, onnotice: () => {}, max_lifetime: null });
  try {
    for (let tried = 1; ; tried++) {
      // Its turn is waited for as long as it takes (another replica migrating); its tables,
      // briefly. Taken at each try: again on the same session (it nests), anew on another.
      await client`select set_config('lock_timeout', '0', false)`;
      await client`select pg_advisory_lock(hashtext('entra-identity-subgraph:migrate'))`;
      await client`select set_config('lock_timeout', ${`${patience.lockTimeoutMs}ms`}, false)`;
      try {
        // drizzle applies every pending migration in one transaction: a failed try leaves none applied.
        await migrate(drizzlePostgres(client), { migrationsFolder: migrationsFolder() });
        return;
      } catch (error) {
        if (tried >= patience.tries || !LOCK_WAIT_STATES.has(sqlStateOf(error) ?? "")) throw error;
        await new Promise((resolve) => setTimeout(resolve, patience.retryDelayMs));
      }
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** drizzle/ at the package root, whether running from src/ (tests) or dist/src/ (built). */
export function migrationsFolder(): string {
  const here = path.dirname(new URL(import.meta.url).pathname);
  const fromSource = path.resolve(here, "../../drizzle");
  return here.includes(`${path.sep}dist${path.sep}`) ? path.resolve(here, "../../../drizzle") : fromSource;
}
