// Who is assigned to each enterprise application, in the mirror. Graph has no delta for these
// lists: a run reads every enterprise application's and replaces them all.
import { eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { appRoleAssignments } from "../db/schema.js";
import { chunks } from "./bulk.js";

export type AppRoleAssignmentRow = Omit<typeof appRoleAssignments.$inferInsert, "integrationId">;

/** Replaces the integration's app role assignments with `assignments`. */
export async function replaceAppRoleAssignments(db: Database, integrationId: string, assignments: AppRoleAssignmentRow[]): Promise<void> {
  await db.delete(appRoleAssignments).where(eq(appRoleAssignments.integrationId, integrationId));
  // An assignment listed twice (pages may repeat an item) is one row.
  const unique = new Map(assignments.map((assignment) => [assignment.id, assignment]));
  for (const chunk of chunks([...unique.values()])) {
    await db.insert(appRoleAssignments).values(chunk.map((assignment) => ({ integrationId, ...assignment })));
  }
}
