// Service principal lookups by object id, and by app id.
import { and, type Column } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { directoryServicePrincipals } from "../db/schema.js";
import { oneOfKeys } from "../db/text-array.js";
import { batchLoader, singleRow } from "./batch.js";
import { inOrganisation } from "./scope.js";

export type ServicePrincipalRow = typeof directoryServicePrincipals.$inferSelect;

/** Object id -> service principal. */
export function servicePrincipalByIdLoader(db: Database, orgId: string) {
  return servicePrincipalBy(db, orgId, directoryServicePrincipals.id, (row) => row.id);
}

/** App id -> the application's service principal in the organisation's directory. */
export function servicePrincipalByAppIdLoader(db: Database, orgId: string) {
  return servicePrincipalBy(db, orgId, directoryServicePrincipals.appId, (row) => row.appId ?? "");
}

// Private helpers below.

function servicePrincipalBy(db: Database, orgId: string, column: Column, keyOf: (row: ServicePrincipalRow) => string) {
  const sp = directoryServicePrincipals;
  return batchLoader<string, ServicePrincipalRow, ServicePrincipalRow | null>(
    (keys) => db.select().from(sp).where(and(inOrganisation(db, sp.integrationId, orgId), oneOfKeys(column, keys))),
    keyOf,
    () => null,
    singleRow,
  );
}
