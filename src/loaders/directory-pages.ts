// Cursor pages of users and groups for the directory queries, ordered by name then id.
//
// The cursor is the (name, id) of the last row served, so a page is a keyset scan, stable while
// the mirror changes underneath (no OFFSET drift) and as cheap on page 1,000 as on page 1.
import { and, count, eq, exists, gt, ilike, isNotNull, isNull, or, sql, type Column, type SQL } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { directoryGroups, directoryUserEmails, directoryUsers, groupMemberships } from "../db/schema.js";
import type { GroupRow } from "./groups.js";
import { inOrganisation } from "./scope.js";
import type { UserRow } from "./users.js";

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Resolved only when the query selects it (graphql-js calls function-valued fields). */
  totalCount: () => Promise<number>;
}

/** Thrown for a cursor this server did not make; the resolver reports it as BAD_USER_INPUT. */
export class InvalidCursorError extends Error {
  override readonly name = "InvalidCursorError";
}

export interface UserPageFilter {
  search?: string | null;
  department?: string | null;
  groupId?: string | null;
  accountStatus?: "ACTIVE" | "DISABLED" | "DELETED" | null;
}

export interface GroupPageFilter {
  search?: string | null;
  kind?: string | null;
}

export const MAX_PAGE_SIZE = 500;

function encodeCursor(name: string | null, id: string): string {
  return Buffer.from(JSON.stringify([name ?? "", id])).toString("base64url");
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === "string")) {
      return value as [string, string];
    }
  } catch {
    // Falls through to the error below: a cursor is opaque, any other shape is not ours.
  }
  throw new InvalidCursorError("after is not a cursor returned by this API");
}

/** `%text%` for ILIKE with the caller's wildcards taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function afterCursor(nameColumn: SQL, idColumn: Column, after: string | null | undefined) {
  if (!after) return undefined;
  const [name, id] = decodeCursor(after);
  return or(gt(nameColumn, name), and(eq(nameColumn, name), gt(idColumn, id)));
}

async function page<T extends { id: string; displayName: string | null }>(
  rows: T[],
  first: number,
  total: () => Promise<number>,
): Promise<Page<T>> {
  const hasNextPage = rows.length > first;
  const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(node.displayName, node.id), node }));
  return {
    edges,
    pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: total,
  };
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

export async function pageUsers(
  db: Database,
  orgId: string,
  filter: UserPageFilter,
  first: number,
  after?: string | null,
): Promise<Page<UserRow>> {
  const name = sql`coalesce(${directoryUsers.displayName}, '')`;
  const where = userConditions(db, orgId, filter);
  const rows = await db
    .select()
    .from(directoryUsers)
    .where(and(where, afterCursor(name, directoryUsers.id, after)))
    .orderBy(name, directoryUsers.id)
    .limit(first + 1);
  return page(rows, first, async () => {
    const [{ total }] = await db.select({ total: count() }).from(directoryUsers).where(where);
    return Number(total);
  });
}

export async function pageGroups(
  db: Database,
  orgId: string,
  filter: GroupPageFilter,
  first: number,
  after?: string | null,
): Promise<Page<GroupRow>> {
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
    .where(and(where, afterCursor(name, g.id, after)))
    .orderBy(g.displayName, g.id)
    .limit(first + 1);
  return page(rows, first, async () => {
    const [{ total }] = await db.select({ total: count() }).from(g).where(where);
    return Number(total);
  });
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
