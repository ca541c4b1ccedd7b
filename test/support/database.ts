// A fresh, migrated database per test: a new PostgreSQL database when DATABASE_URL is set
// (CI), else a clone of one migrated in-memory PGlite per test file. A database may also be left
// at an earlier migration, as a previous release left it, for tests of the migrations after it.
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { migrationsFolder, openDatabase, type DatabaseHandle, type OpenOptions } from "../../src/db/client.js";

/** How a PostgreSQL test database's pools are laid out, as the server lays them out from its configuration. */
export type PoolOptions = Pick<OpenOptions, "readUrl" | "maxConnections" | "syncConcurrency">;

export interface TestDatabase extends DatabaseHandle {
  /** The PostgreSQL database's URL, for another process to open; undefined on PGlite (one process only). */
  readonly url?: string;
  /** SQL statements sent since the last `resetStatements()`. */
  readonly statements: string[];
  resetStatements(): void;
  /** Closes and drops the database. */
  destroy(): Promise<void>;
}

let migratedTemplate: Promise<PGlite> | undefined;

async function pgliteTemplate(): Promise<PGlite> {
  migratedTemplate ??= (async () => {
    const pglite = new PGlite();
    await (await openDatabase({ databaseUrl: undefined, pglite })).migrate();
    return pglite;
  })();
  return migratedTemplate;
}

/** `pools` applies on PostgreSQL only: PGlite has one connection. */
export async function createTestDatabase(pools: PoolOptions = {}): Promise<TestDatabase & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return testDatabase((await (await pgliteTemplate()).clone()) as PGlite);
  const database = await createServerDatabase(serverUrl, pools);
  await database.migrate();
  return database;
}

/**
 * A database migrated up to `tag` (e.g. "0001_links_and_service_principals") and no further, as
 * the release that shipped that migration left it; its `migrate()` applies the rest, as the next
 * release's start does.
 */
export async function createTestDatabaseAt(tag: string): Promise<TestDatabase> {
  const folder = migrationsUpTo(tag);
  try {
    const serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) {
      const pglite = new PGlite();
      await migratePglite(drizzlePglite(pglite), { migrationsFolder: folder });
      return await testDatabase(pglite);
    }
    const database = await createServerDatabase(serverUrl);
    const client = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      await migratePostgres(drizzlePostgres(client), { migrationsFolder: folder });
    } finally {
      await client.end();
    }
    return database;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function statementLog() {
  const statements: string[] = [];
  return {
    statements,
    observe: (query: string) => void statements.push(query),
    resetStatements: () => void statements.splice(0),
  };
}

async function testDatabase(pglite: PGlite): Promise<TestDatabase> {
  const { statements, observe, resetStatements } = statementLog();
  const handle = await openDatabase({ databaseUrl: undefined, pglite, observe });
  return { ...handle, statements, resetStatements, destroy: () => handle.close() };
}

/** A new, empty database on the PostgreSQL server, dropped by destroy(). */
async function createServerDatabase(serverUrl: string, pools: PoolOptions = {}): Promise<TestDatabase & { url: string }> {
  const { statements, observe, resetStatements } = statementLog();
  const name = `identity_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ ...pools, databaseUrl: url.toString(), observe });
  return {
    ...handle,
    url: url.toString(),
    statements,
    resetStatements,
    async destroy() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A copy of drizzle/ whose journal ends at `tag`. */
function migrationsUpTo(tag: string): string {
  const folder = mkdtempSync(join(tmpdir(), "migrations-"));
  cpSync(migrationsFolder(), folder, { recursive: true });
  const journalFile = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  const end = journal.entries.findIndex((entry) => entry.tag === tag);
  if (end < 0) throw new Error(`No migration ${tag} in drizzle/`);
  journal.entries = journal.entries.slice(0, end + 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}
