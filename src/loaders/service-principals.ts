// Service principal lookups by object id.
import { and } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { directoryServicePrincipals } from "../db/schema.js";
import { batchLoader, oneOfKeys, singleRow } from "./batch.js";
import { inOrganisation } from "./scope.js";

export type ServicePrincipalRow = typeof directoryServicePrincipals.$inferSelect;

/** Object id -> service principal. */
export function servicePrincipalByIdLoader(db: Database, orgId: string) {
  const sp = directoryServicePrincipals;
  return batchLoader<string, ServicePrincipalRow, ServicePrincipalRow | null>(
    (ids) => db.select().from(sp).where(and(inOrganisation(db, sp.integrationId, orgId), oneOfKeys(sp.id, ids))),
    (row) => row.id,
    () => null,
    singleRow,
  );
}
