// The type every repository and loader is written against, whichever driver runs it (postgres.js
// or PGlite): apart from client.ts, which opens them, so that what client.ts uses can name it.
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema.js";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
