// Whether a database can serve this build: it answers, and it holds every migration the build
// ships. A database restored from an older backup, or a read replica behind on the schema,
// answers a trivial query and then fails every query that reads what it lacks, so that a load
// balancer trusting its answer would send it traffic that fails.
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Database } from "./database.js";
import { selectRows } from "./rows.js";

/** The database answers, but lacks migrations this build ships. */
export class MigrationsPendingError extends Error {
  override readonly name = "MigrationsPendingError";
}

/**
 * When the newest migration in `folder` was made: drizzle's journal gives each one's time, and
 * its migrator records that time as `created_at` of each migration it applies.
 */
export function newestMigration(folder: string): number {
  const journal = JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as { entries: { when: number }[] };
  return Math.max(...journal.entries.map((entry) => entry.when));
}

/** Resolves when `db` answers and has applied migrations up to `newest`; rejects otherwise. */
export async function assertMigrated(db: Database, newest: number): Promise<void> {
  const [row] = await selectRows<{ exists: boolean }>(db, sql`select to_regclass('drizzle.__drizzle_migrations') is not null as "exists"`);
  if (!row?.exists) throw new MigrationsPendingError("the database has no migrations applied");
  const [applied] = await selectRows<{ upTo: string | number | null }>(
    db,
    sql`select max(created_at) as "upTo" from drizzle.__drizzle_migrations`,
  );
  if (Number(applied?.upTo ?? 0) < newest) {
    throw new MigrationsPendingError("the database lacks migrations this release ships (restored from an older backup, or a replica behind)");
  }
}
