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

/** Resolves once a session waits for the whole of `table`, as an ALTER TABLE does. */
async function migrationWaitingFor(table: string, sql: postgres.Sql): Promise<void> {
  for (;;) {
    const waiting = await sql`select 1 from pg_locks l join pg_class c on c.oid = l.relation
                               where c.relname = ${table} and l.mode = 'AccessExclusiveLock' and not l.granted`;
    if (waiting.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
