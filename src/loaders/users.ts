// User lookups: by any email address, by object id, and a manager's direct reports.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { directoryUserEmails, directoryUsers, integrations } from "../db/schema.js";
import { appendRow, batchLoader, singleRow } from "./batch.js";
import { inOrganisation } from "./scope.js";

export type UserRow = typeof directoryUsers.$inferSelect;

/**
 * Lower-cased address -> user. When an address is shared, a live account beats a tombstone,
 * then the better-ranked address (mail before UPN before aliases), then the older integration.
 */
export function userByEmailLoader(db: Database, orgId: string) {
  return batchLoader<string, { address: string; user: UserRow }, UserRow | null>(
    (addresses) =>
      db
        .selectDistinctOn([directoryUserEmails.address], { address: directoryUserEmails.address, user: directoryUsers })
        .from(directoryUserEmails)
        .innerJoin(
          directoryUsers,
          and(
            eq(directoryUsers.integrationId, directoryUserEmails.integrationId),
            eq(directoryUsers.id, directoryUserEmails.userId),
          ),
        )
        .innerJoin(integrations, eq(integrations.id, directoryUserEmails.integrationId))
        .where(and(eq(integrations.orgId, orgId), inArray(directoryUserEmails.address, addresses)))
        .orderBy(
          directoryUserEmails.address,
          sql`${directoryUsers.deletedAt} is not null`,
          directoryUserEmails.rank,
          integrations.createdAt,
        ),
    (row) => row.address,
    () => null,
    (row) => row.user,
  );
}

/** Object id -> user. Ids are GUIDs, unique across the tenants one organisation connects. */
export function userByIdLoader(db: Database, orgId: string) {
  return batchLoader<string, UserRow, UserRow | null>(
    (ids) =>
      db
        .select()
        .from(directoryUsers)
        .where(and(inOrganisation(db, directoryUsers.integrationId, orgId), inArray(directoryUsers.id, ids))),
    (row) => row.id,
    () => null,
    singleRow,
  );
}

/** Manager id -> the users who report to them, by name. */
export function directReportsLoader(db: Database, orgId: string) {
  return batchLoader<string, UserRow, UserRow[]>(
    (managerIds) =>
      db
        .select()
        .from(directoryUsers)
        .where(
          and(inOrganisation(db, directoryUsers.integrationId, orgId), inArray(directoryUsers.managerId, managerIds)),
        )
        .orderBy(asc(directoryUsers.displayName), asc(directoryUsers.id)),
    (row) => row.managerId!,
    () => [],
    appendRow,
  );
}
