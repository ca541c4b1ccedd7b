// Reads that never wait for a sync on PGlite. PGlite is one connection, and a sync holds it
// inside its transaction for the whole run: a GraphQL read sent meanwhile would wait for the
// run's end, minutes for a large first sync. So a read that arrives while a run's transaction is
// open goes to a snapshot: a copy of the database as it was committed, which holds the last good
// mirror, as PostgreSQL's MVCC shows it to readers there.
//
// The copy is PGlite's own clone(): its files, taken between two statements, as a crash would
// leave them; the copy starts by recovering, so it holds every committed transaction (PGlite
// commits synchronously) and nothing of the open one. It is taken when the first read arrives
// during a run (a run nobody reads during costs nothing), shared by the reads after it, and
// retired when any run ends, since its commit makes the copy old; it lives in memory, as large as
// the database, and closes once the last read that leased it has been answered.
import type { PGlite } from "@electric-sql/pglite";
import { once } from "../once.js";

/** Where one GraphQL request reads; release() once it is answered. */
export interface ReadLease<Database> {
  readonly db: Database;
  release(): void;
}

/** A lease on `db` whose `release` runs `onRelease` once however often it is called. */
export function leaseOnce<Database>(db: Database, onRelease: () => void): ReadLease<Database> {
  return { db, release: once(onRelease) };
}

interface Snapshot<Database> {
  readonly pglite: PGlite;
  readonly db: Database;
  leases: number;
  /** A run ended since it was taken: it closes when its last lease is released. */
  retired: boolean;
  closed: boolean;
}

export class SyncSnapshots<Database> {
  readonly #primary: PGlite;
  readonly #primaryDb: Database;
  readonly #open: (pglite: PGlite) => Database;
  /** Runs whose transaction is open or about to be. */
  #runs = 0;
  /** The snapshot new reads lease while runs are open, once the first of them asked. */
  #current: Promise<Snapshot<Database>> | undefined;

  constructor(primary: PGlite, primaryDb: Database, open: (pglite: PGlite) => Database) {
    this.#primary = primary;
    this.#primaryDb = primaryDb;
    this.#open = open;
  }

  async lease(): Promise<ReadLease<Database>> {
    if (this.#runs === 0) return { db: this.#primaryDb, release: () => {} };
    const taking = (this.#current ??= this.#take());
    const snapshot = await taking.catch((error: unknown) => {
      if (this.#current === taking) this.#current = undefined;
      throw error;
    });
    // Its run ended while it was being taken: read what that run committed instead.
    if (snapshot.closed) return this.lease();
    snapshot.leases++;
    return leaseOnce(snapshot.db, () => {
      snapshot.leases--;
      closeIfDone(snapshot);
    });
  }

  /** Runs `work` (a run's transaction); reads meanwhile go to a snapshot of what is committed. */
  async isolate<T>(work: () => Promise<T>): Promise<T> {
    this.#runs++;
    try {
      // A copy starts by replaying the log since the last checkpoint, and carries every log file
      // there is: a checkpoint before the run (PGlite has no checkpointer of its own), with used
      // log files removed rather than kept for reuse, leaves it the run's own log alone.
      await this.#primary.exec("set wal_recycle = off; checkpoint");
      return await work();
    } finally {
      this.#runs--;
      this.#retire();
    }
  }

  /** Closes the snapshot in use, if any: the database is closing, and its reads with it. */
  async close(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    const snapshot = await current?.catch(() => undefined);
    if (snapshot && !snapshot.closed) {
      snapshot.closed = true;
      await snapshot.pglite.close();
    }
  }

  async #take(): Promise<Snapshot<Database>> {
    const pglite = (await this.#primary.clone()) as PGlite;
    return { pglite, db: this.#open(pglite), leases: 0, retired: false, closed: false };
  }

  #retire(): void {
    const current = this.#current;
    this.#current = undefined;
    current?.then(
      (snapshot) => {
        snapshot.retired = true;
        closeIfDone(snapshot);
      },
      () => undefined,
    );
  }
}

function closeIfDone<Database>(snapshot: Snapshot<Database>): void {
  if (!snapshot.retired || snapshot.leases > 0 || snapshot.closed) return;
  snapshot.closed = true;
  // An in-memory copy with no reader left: a failure to close it loses nothing.
  snapshot.pglite.close().catch(() => undefined);
}
