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

/** Replaces the integration's role definitions with `definitions`. */
export async function replaceRoleDefinitions(db: Database, integrationId: string, definitions: RoleDefinitionRow[]): Promise<void> {
  await db.delete(directoryRoles).where(eq(directoryRoles.integrationId, integrationId));
  const unique = new Map(definitions.map((definition) => [definition.id, definition]));
  if (unique.size === 0) return;
  await db.insert(directoryRoles).values([...unique.values()].map((definition) => ({ integrationId, ...definition })));
}

/** The ids of the role definitions the mirror holds. */
export async function mirroredRoleDefinitionIds(db: Database, integrationId: string): Promise<Set<string>> {
  const rows = await db.select({ id: directoryRoles.id }).from(directoryRoles).where(eq(directoryRoles.integrationId, integrationId));
  return new Set(rows.map((row) => row.id));
}
