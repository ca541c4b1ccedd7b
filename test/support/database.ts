// A fresh, migrated database per test: a new PostgreSQL database when DATABASE_URL is set
// (CI), else a clone of one migrated in-memory PGlite per test file.
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle } from "../../src/db/client.js";

export interface TestDatabase extends DatabaseHandle {
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

export async function createTestDatabase(): Promise<TestDatabase> {
  const statements: string[] = [];
  const observe = (query: string) => void statements.push(query);
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ databaseUrl: undefined, pglite: (await (await pgliteTemplate()).clone()) as PGlite, observe });
    return {
      ...handle,
      statements,
      resetStatements: () => void statements.splice(0),
      destroy: () => handle.close(),
    };
  }
  const name = `identity_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), observe });
  await handle.migrate();
  return {
    ...handle,
    statements,
    resetStatements: () => void statements.splice(0),
    async destroy() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
