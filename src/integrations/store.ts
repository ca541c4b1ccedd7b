// Integration rows: the connected tenants of each organisation.
import { asc, eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { integrations } from "../db/schema.js";

export type IntegrationRow = typeof integrations.$inferSelect;
export type NewIntegration = typeof integrations.$inferInsert;

export async function insertIntegration(db: Database, row: NewIntegration): Promise<IntegrationRow> {
  const [inserted] = await db.insert(integrations).values(row).returning();
  return inserted;
}

/** Any organisation's integration: callers check the organisation (FORBIDDEN vs NOT_FOUND). */
export async function findIntegration(db: Database, id: string): Promise<IntegrationRow | null> {
  const [row] = await db.select().from(integrations).where(eq(integrations.id, id));
  return row ?? null;
}

export function listIntegrations(db: Database, orgId: string): Promise<IntegrationRow[]> {
  return db.select().from(integrations).where(eq(integrations.orgId, orgId)).orderBy(asc(integrations.createdAt));
}
