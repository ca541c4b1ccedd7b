// Organisation scoping: every directory lookup reads only the integrations of the caller's
// organisation, so a trace can never be enriched from another organisation's directory.
import { eq, inArray, sql, type Column, type SQL } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { integrations } from "../db/schema.js";

/** `column IN (the ids of the organisation's integrations)`, as a subquery in the same statement. */
export function inOrganisation(db: Database, column: Column, orgId: string) {
  return inArray(column, db.select({ id: integrations.id }).from(integrations).where(eq(integrations.orgId, orgId)));
}

/**
 * For statements written in SQL: joins the integration of each row of the table aliased `alias`,
 * as `i`, keeping only the rows of the organisation's integrations. `orgId` is the organisation's
 * id, or an expression of the statement that holds it.
 */
export function joinOrganisation(alias: string, orgId: string | SQL): SQL {
  return sql`join ${integrations} i on i.id = ${sql.raw(alias)}.integration_id and i.org_id = ${orgId}`;
}
