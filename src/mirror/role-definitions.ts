// The tenant's role definitions in the mirror: few (about a hundred built-in roles and any custom
// ones) and without delta, so replaced whole when read.
import { eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { directoryRoles } from "../db/schema.js";

export interface RoleDefinitionRow {
  /** For a built-in role, its template id. */
  id: string;
  displayName: string;
  roleTemplateId: string;
}

/** Replaces the integration's role definitions with `definitions`, read from Graph at `readAt`. */
export async function replaceRoleDefinitions(
  db: Database,
  integrationId: string,
  definitions: RoleDefinitionRow[],
  readAt: Date,
): Promise<void> {
  await db.delete(directoryRoles).where(eq(directoryRoles.integrationId, integrationId));
  const unique = new Map(definitions.map((definition) => [definition.id, definition]));
  if (unique.size === 0) return;
  await db.insert(directoryRoles).values([...unique.values()].map((definition) => ({ integrationId, ...definition, readAt })));
}

/** The ids of the role definitions the mirror holds, and when they were read (null: none held). */
export async function mirroredRoleDefinitions(db: Database, integrationId: string): Promise<{ ids: Set<string>; readAt: Date | null }> {
  const rows = await db
    .select({ id: directoryRoles.id, readAt: directoryRoles.readAt })
    .from(directoryRoles)
    .where(eq(directoryRoles.integrationId, integrationId));
  const oldest = Math.min(...rows.map((row) => new Date(row.readAt).getTime()));
  return { ids: new Set(rows.map((row) => row.id)), readAt: rows.length > 0 ? new Date(oldest) : null };
}
