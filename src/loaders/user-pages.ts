// Pages of people under many parents at once: a group's members, a department's people. A
// listing of groups or departments asks for one page per parent; the tick's pages are one
// statement, each parent with its own `first` and `after`, through a lateral join over the keys.
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { selectRows } from "../db/rows.js";
import { directoryUsers, groupMemberships } from "../db/schema.js";
import { oneOfKeys } from "../db/text-array.js";
import { appendRow, batchLoader, countLoader } from "./batch.js";
import { afterPageCursor, pageRows } from "./parent-pages.js";
import { joinOrganisation } from "./scope.js";
import { USER_COLUMNS, userRow, type SelectedUser, type UserRow } from "./users.js";

/** Group id + page -> up to `first + 1` of its direct members who are people (not deleted), by name. */
export function groupMemberPagesLoader(db: Database, orgId: string) {
  return userPagesLoader(
    db,
    orgId,
    (group) => sql`exists (select 1 from ${groupMemberships} m
                            where m.integration_id = u.integration_id and m.group_id = ${group} and m.member_id = u.id)`,
  );
}

/** Department name + page -> up to `first + 1` of its people (not deleted), by name. */
export function departmentUserPagesLoader(db: Database, orgId: string) {
  return userPagesLoader(db, orgId, (department) => sql`u.department = ${department}`);
}

/** Group id -> how many people (not deleted) are direct members: the total of its member pages. */
export function groupMemberUserCountLoader(db: Database, orgId: string) {
  return countLoader((groupIds) =>
    selectRows(
      db,
      sql`select m.group_id as key, count(*)::int as count
            from ${groupMemberships} m
            ${joinOrganisation("m", orgId)}
            join ${directoryUsers} u on u.integration_id = m.integration_id and u.id = m.member_id and u.deleted_at is null
           where ${oneOfKeys(sql`m.group_id`, groupIds)}
           group by m.group_id`,
    ),
  );
}

// Private helpers below.

type PageRow = UserRow & { key: string };

/** `under(parent)` says whether the person `u` belongs to the parent column given. */
function userPagesLoader(db: Database, orgId: string, under: (parent: SQL) => SQL) {
  return batchLoader<string, PageRow, UserRow[]>(
    async (keys) => {
      const rows = await selectRows<SelectedUser & { key: string }>(
        db,
        sql`select k.key, ${USER_COLUMNS}
              from ${pageRows(keys)}
             cross join lateral (
                   select u.*
                     from ${directoryUsers} u
                     ${joinOrganisation("u", orgId)}
                    where u.deleted_at is null
                      and ${under(sql`k.parent`)}
                      and ${afterPageCursor(sql`u.display_name`, sql`u.id`)}
                    order by coalesce(u.display_name, ''), u.id
                    limit k.first + 1) u
             order by k.key, coalesce(u.display_name, ''), u.id`,
      );
      return rows.map(userRow);
    },
    (row) => row.key,
    () => [],
    ({ key: _key, ...user }, list) => appendRow(user, list),
  );
}
