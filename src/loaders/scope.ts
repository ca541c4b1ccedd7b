// Organisation scoping: every directory lookup reads only the integrations of the caller's
// organisation, so a trace can never be enriched from another organisation's directory.
import { eq, inArray, type Column } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { integrations } from "../db/schema.js";

/** `column IN (the ids of the organisation's integrations)`, as a subquery in the same statement. */
export function inOrganisation(db: Database, column: Column, orgId: string) {
  return inArray(column, db.select({ id: integrations.id }).from(integrations).where(eq(integrations.orgId, orgId)));
}
