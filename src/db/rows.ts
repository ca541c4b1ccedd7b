// Raw SQL results as rows, whichever driver ran them (postgres.js returns an array, PGlite `{ rows }`).
import type { SQL } from "drizzle-orm";
import type { Database } from "./database.js";

export async function selectRows<R>(db: Database, query: SQL): Promise<R[]> {
  const result = (await db.execute(query)) as unknown as R[] | { rows: R[] };
  return Array.isArray(result) ? result : result.rows;
}
