// What goes when a principal (user, group or service principal) goes: the rows of other tables
// that name it, so that no lookup finds an address, a membership or a role of someone gone.
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { groupMemberships, roleAssignments, userSignIns } from "../db/schema.js";
import { oneOfKeys } from "../db/text-array.js";
import { deleteAddresses } from "./addresses.js";

/** Addresses, memberships, role assignments and sign-ins of principals that no longer exist. */
export async function removePrincipalLinks(db: Database, integrationId: string, ids: string[]): Promise<void> {
  await deleteAddresses(db, integrationId, ids);
  await db
    .delete(groupMemberships)
    .where(and(eq(groupMemberships.integrationId, integrationId), oneOfKeys(groupMemberships.memberId, ids)));
  await db
    .delete(roleAssignments)
    .where(and(eq(roleAssignments.integrationId, integrationId), oneOfKeys(roleAssignments.principalId, ids)));
  await db.delete(userSignIns).where(and(eq(userSignIns.integrationId, integrationId), oneOfKeys(userSignIns.userId, ids)));
}
