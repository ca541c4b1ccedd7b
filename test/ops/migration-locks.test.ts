// A rolling upgrade on PostgreSQL: the new release migrates while an older replica's sync holds a
// transaction on the tables a migration alters. The migration waits for its locks a moment at a
// time and tries again, so that the older replica's readers are never queued behind it for long,
// and it applies once the sync lets go. PostgreSQL only: PGlite has one connection, on which a
// migration and a reader never meet.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres } from "../../src/db/client.js";
import { createTestDatabaseAt, type TestDatabase } from "../support/database.js";

const onPostgres = !!process.env.DATABASE_URL;

let db: TestDatabase;

beforeAll(async () => {
  if (onPostgres) db = await createTestDatabaseAt("0012_sign_in_account_created");
});
afterAll(async () => {
  await db?.destroy();
});

describe.skipIf(!onPostgres)("migrating beside an older replica's sync (PostgreSQL only: PGlite has one connection)", () => {
  it("lets the older replica's readers through while it waits, and applies once the sync's transaction ends", async () => {
    const sync = postgres(db.url!, { max: 1, onnotice: () => {} });
    const reader = postgres(db.url!, { max: 1, onnotice: () => {} });
    let endSync!: () => void;
    let syncReading!: () => void;
    const reading = new Promise<void>((resolve) => (syncReading = resolve));
    try {
      // The older replica's sync: a transaction that has read the integrations, open until it ends.
      const syncing = sync.begin(async (tx) => {
        await tx`select count(*) from integrations`;
        syncReading();
        await new Promise<void>((resolve) => (endSync = resolve));
      });
      await reading;
      let applied = false;
      const migrating = migratePostgres(db.url!, { lockTimeoutMs: 1_000, retryDelayMs: 100, tries: 600 }).then(() => (applied = true));
      await migrationWaitingFor("integrations", reader);
      // Queued behind the migration's wait for the table: unbounded, it would wait until the sync ends.
      const [{ n }] = await reader<{ n: number }[]>`select count(*)::int as n from integrations`;
      expect(n).toBe(0);
      expect(applied).toBe(false);
      endSync();
      await syncing;
      await migrating;
      const [column] = await reader`select 1 from information_schema.columns where table_name = 'integrations' and column_name = 'delta_links_queries'`;
      expect(column).toBeDefined();
    } finally {
      endSync?.();
      await sync.end();
      await reader.end();
    }
  });
});

describe.skipIf(!onPostgres)("migrating while another replica migrates (PostgreSQL only)", () => {
  it("waits its turn however long the other takes, past the wait allowed for a table", async () => {
    const other = postgres(db.url!, { max: 1, onnotice: () => {} });
    try {
      await other`select pg_advisory_lock(hashtext('entra-identity-subgraph:migrate'))`;
      let settled: string | undefined;
      const migrating = migratePostgres(db.url!, { lockTimeoutMs: 100, retryDelayMs: 50, tries: 3 }).then(
        () => (settled = "applied"),
        (error: unknown) => (settled = String(error)),
      );
      await sessionWaiting(`l.locktype = 'advisory'`, other);
      // Many times the wait allowed for a table: the turn is waited for all the same.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(settled).toBeUndefined();
      await other`select pg_advisory_unlock(hashtext('entra-identity-subgraph:migrate'))`;
      await migrating;
      expect(settled).toBe("applied");
    } finally {
      await other.end();
    }
  });
});

/** Resolves once a session waits for the whole of `table`, as an ALTER TABLE does. */
async function migrationWaitingFor(table: string, sql: postgres.Sql): Promise<void> {
  await sessionWaiting(`l.relation = '${table}'::regclass and l.mode = 'AccessExclusiveLock'`, sql);
}

/** Resolves once a session waits for a lock that `condition` (on pg_locks l) describes. */
async function sessionWaiting(condition: string, sql: postgres.Sql): Promise<void> {
  for (;;) {
    const waiting = await sql.unsafe(`select 1 from pg_locks l where not l.granted and ${condition}`);
    if (waiting.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
