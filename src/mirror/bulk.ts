// How the mirror writer batches its statements and merges Graph's patches: the shared mechanics of
// every file in this folder, and nothing that knows a particular kind of row.
//
// Patches follow Graph delta semantics: a property that is absent is unchanged, a property that
// is present (even null) is the new value. Changed objects therefore merge into what is stored.
import { getTableColumns, isNull, ne, or, sql, type Column } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Database } from "../db/client.js";
import { jsonRows } from "../db/json-rows.js";
import { isStorableText, storableText } from "../db/storable-text.js";

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for our widest table. */
export const CHUNK = 2_000;

/**
 * Rows per bulk statement, for the statements that bind their rows as one JSON document or as
 * column arrays (a handful of parameters however many rows): a delta page's memberships (up to
 * 999 items x 20 members) fit in one. A VALUES list of that size cost more CPU in the query
 * builder than PostgreSQL spent writing it (see BENCHMARKS.md).
 */
export const BULK_CHUNK = 20_000;

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Writes `rows` (each a whole row of `table`, one per id) over what the table holds under the
 * same (integration, id), or inserts them. The page travels as one JSON parameter, its columns
 * named and typed from the table's own definition: bound a value at a time through the query
 * builder, the groups and service principals took 2.1 s of the syncing process's 14 s of CPU in a
 * 100,000-user full sync, and a VALUES list of people more than PostgreSQL spent writing them
 * (BENCHMARKS.md).
 */
export async function upsertById<T extends PgTable>(db: Database, table: T, rows: T["$inferInsert"][]): Promise<void> {
  const columns = Object.entries(getTableColumns(table));
  const names = sql.join(columns.map(([, column]) => sql.identifier(column.name)), sql`, `);
  const values = sql.join(columns.map(([key]) => sql`r.${sql.identifier(key)}`), sql`, `);
  const shape = sql.join(columns.map(([key, column]) => sql`${sql.identifier(key)} ${sql.raw(column.getSQLType())}`), sql`, `);
  const updates = sql.join(
    columns
      .filter(([, column]) => column.name !== "integration_id" && column.name !== "id")
      .map(([, column]) => sql`${sql.identifier(column.name)} = excluded.${sql.identifier(column.name)}`),
    sql`, `,
  );
  for (const chunk of chunks(rows, BULK_CHUNK)) {
    await db.execute(sql`
      insert into ${table} (${names})
      select ${values} from json_to_recordset(${jsonRows(chunk)}) as r(${shape})
      on conflict (integration_id, id) do update set ${updates}`);
  }
}

/** Last patch wins when Graph repeats an object within one page. */
export function latestById<T extends { id: string }>(patches: T[]): Map<string, T> {
  const byId = new Map<string, T>();
  for (const patch of patches) byId.set(patch.id, { ...byId.get(patch.id), ...patch });
  return byId;
}

/**
 * The patch's value for `key` when the patch carries it, else what the mirror holds. A patch's
 * text is made storable here, where it becomes the row every statement of the page binds (the
 * row, its addresses, its department's history), so that all of them store, and compare, the same.
 */
export function pick<T>(patch: object, key: string, current: T): T {
  return key in patch ? (storable((patch as Record<string, unknown>)[key]) as T) : current;
}

const storable = (value: unknown): unknown => {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value) && !value.every((item) => typeof item !== "string" || isStorableText(item))) {
    return value.map(storable);
  }
  return value;
};

/**
 * How many of the rows this run had not written before. Graph repeats objects across pages and
 * splits a big group over several items; a run's counters count each object once.
 */
export function firstSeenInRun(
  rows: { id: string }[],
  existing: Map<string, { seenInRun: string | null }>,
  seenInRun: string | null,
): number {
  if (seenInRun === null) return rows.length;
  return rows.filter((row) => existing.get(row.id)?.seenInRun !== seenInRun).length;
}

/** Rows the run `runId` did not write: after a full round, those no longer exist in the tenant. */
export function notSeenIn(seenInRun: Column, runId: string) {
  return or(isNull(seenInRun), ne(seenInRun, runId));
}
