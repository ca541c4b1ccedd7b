// Pages of users and groups for the directory queries, ordered by name then id.
//
// A page starts after the (name, id) of the last row served: a keyset scan, stable while the
// mirror changes underneath (no OFFSET drift) and as cheap on page 1,000 as on page 1. The
// cursors that carry the key are made in src/graphql/connection.ts.
import { and, count, eq, exists, gt, ilike, isNotNull, isNull, or, sql, type Column, type SQL } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { PageRows } from "../db/page-rows.js";
import { directoryGroups, directoryUserEmails, directoryUsers, groupMemberships } from "../db/schema.js";
import type { AccountStatus } from "../directory/account-status.js";
import type { GroupKind } from "../directory/group-kind.js";
import type { GroupRow } from "./groups.js";
import { inOrganisation } from "./scope.js";
import type { UserRow } from "./users.js";

/** A page as the resolvers ask for it: its size, and the (name, id) key of the last row served. */
export interface NamePage {
  first: number;
  after: [name: string, id: string] | null;
}

export interface UserPageFilter {
  search?: string | null;
  department?: string | null;
  groupId?: string | null;
  accountStatus?: AccountStatus | null;
}

export interface GroupPageFilter {
  search?: string | null;
  kind?: GroupKind | null;
}

/** `%text%` for ILIKE with the caller's wildcards taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Rows after the key `after` in (name, id) order. */
function afterKey(nameColumn: SQL, idColumn: Column, after: NamePage["after"]) {
  if (!after) return undefined;
  const [name, id] = after;
  return or(gt(nameColumn, name), and(eq(nameColumn, name), gt(idColumn, id)));
}

function userConditions(db: Database, orgId: string, filter: UserPageFilter): SQL | undefined {
  const u = directoryUsers;
  const status = {
    ACTIVE: and(isNull(u.deletedAt), eq(u.accountEnabled, true)),
    DISABLED: and(isNull(u.deletedAt), eq(u.accountEnabled, false)),
    DELETED: isNotNull(u.deletedAt),
  };
  const search = filter.search?.trim();
  return and(
    inOrganisation(db, u.integrationId, orgId),
    // Tombstones are listed only when asked for by status.
    filter.accountStatus ? status[filter.accountStatus] : isNull(u.deletedAt),
    filter.department != null ? eq(u.department, filter.department) : undefined,
    filter.groupId
      ? exists(
          db
            .select({ one: sql`1` })
            .from(groupMemberships)
            .where(
              and(
                eq(groupMemberships.integrationId, u.integrationId),
                eq(groupMemberships.groupId, filter.groupId),
                eq(groupMemberships.memberId, u.id),
              ),
            ),
        )
      : undefined,
    search
      ? or(
          ilike(u.displayName, containing(search)),
          exists(
            db
              .select({ one: sql`1` })
              .from(directoryUserEmails)
              .where(
                and(
                  eq(directoryUserEmails.integrationId, u.integrationId),
                  eq(directoryUserEmails.userId, u.id),
                  ilike(directoryUserEmails.address, containing(search)),
                ),
              ),
          ),
        )
      : undefined,
  );
}

/** People by name (no name sorts first), then id. */
export async function pageUsers(db: Database, orgId: string, filter: UserPageFilter, page: NamePage): Promise<PageRows<UserRow>> {
  const name = sql`coalesce(${directoryUsers.displayName}, '')`;
  const where = userConditions(db, orgId, filter);
  const rows = await db
    .select()
    .from(directoryUsers)
    .where(and(where, afterKey(name, directoryUsers.id, page.after)))
    .orderBy(name, directoryUsers.id)
    .limit(page.first + 1);
  return { rows, total: () => db.$count(directoryUsers, where) };
}

/** Groups by name, then id. */
export async function pageGroups(db: Database, orgId: string, filter: GroupPageFilter, page: NamePage): Promise<PageRows<GroupRow>> {
  const g = directoryGroups;
  const search = filter.search?.trim();
  const where = and(
    inOrganisation(db, g.integrationId, orgId),
    filter.kind ? eq(g.kind, filter.kind) : undefined,
    search ? or(ilike(g.displayName, containing(search)), ilike(g.mail, containing(search))) : undefined,
  );
  const name = sql`${g.displayName}`;
  const rows = await db
    .select()
    .from(g)
    .where(and(where, afterKey(name, g.id, page.after)))
    .orderBy(g.displayName, g.id)
    .limit(page.first + 1);
  return { rows, total: () => db.$count(g, where) };
}

/** Every department of the organisation with its head count, by name. */
export async function listDepartments(db: Database, orgId: string): Promise<{ name: string; userCount: number }[]> {
  const rows = await db
    .select({ name: directoryUsers.department, userCount: count() })
    .from(directoryUsers)
    .where(
      and(
        inOrganisation(db, directoryUsers.integrationId, orgId),
        isNotNull(directoryUsers.department),
        isNull(directoryUsers.deletedAt),
      ),
    )
    .groupBy(directoryUsers.department)
    .orderBy(directoryUsers.department);
  return rows.map((row) => ({ name: row.name!, userCount: Number(row.userCount) }));
}
