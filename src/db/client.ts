// Opens the mirror database: PostgreSQL through postgres.js when DATABASE_URL is set, else an
// embedded PGlite in DATA_DIR, so that `npm start` needs no database server at all.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { Logger } from "drizzle-orm/logger";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema.js";

/** Either driver: repositories and loaders are written against this, never a driver. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Sees every SQL statement sent through drizzle: used to count statements per request. */
export type StatementObserver = (query: string, params: unknown[]) => void;

export interface DatabaseHandle {
  readonly db: Database;
  readonly kind: "postgres" | "pglite";
  /** Applies pending migrations (serialised across replicas on PostgreSQL). */
  migrate(): Promise<void>;
  /** Resolves when the database answers a trivial query. */
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
  observe?: StatementObserver;
  /** postgres.js pool size. */
  maxConnections?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  const logger: Logger | undefined = options.observe
    ? { logQuery: (query, params) => options.observe!(query, params) }
    : undefined;
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres(client, { schema, logger }) as unknown as Database;
    return {
      db,
      kind: "postgres",
      migrate: () => migratePostgres(options.databaseUrl!),
      ping: async () => void (await client`select 1`),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const pglite = options.pglite ?? (await openPglite(options.dataDir));
  const db = drizzlePglite(pglite, { schema, logger }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    migrate: async () => {
      const { migrate } = await import("drizzle-orm/pglite/migrator");
      await migrate(drizzlePglite(pglite), { migrationsFolder: migrationsFolder() });
    },
    ping: async () => void (await db.execute(sql`select 1`)),
    close: () => pglite.close(),
  };
}

async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  if (!dataDir || dataDir.startsWith("memory://")) return new PGlite();
  await mkdir(dataDir, { recursive: true });
  return new PGlite(dataDir);
}

/** Migrates on a dedicated connection holding an advisory lock, so replicas starting together take turns. */
async function migratePostgres(url: string): Promise<void> {
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(hashtext('entra-identity-subgraph:migrate'))`;
    await migrate(drizzlePostgres(client), { migrationsFolder: migrationsFolder() });
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
