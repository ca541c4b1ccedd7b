// Group lookups: a principal's direct and transitive groups, groups by id, member counts.
import { and, count, eq, isNull, or, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { directoryGroups, directoryUsers, groupMemberships } from "../db/schema.js";
import { appendRow, batchLoader, singleRow } from "./batch.js";
import { selectRows } from "../db/rows.js";
import { oneOfKeys } from "../db/text-array.js";
import { inOrganisation, joinOrganisation } from "./scope.js";

/**
 * A group as the API shows it. The sync's own columns (group types and mail/security flags, from
 * which `kind` was derived; the run that last saw it) are left in the database: the enrichment
 * loaders decode thousands of group rows per request.
 */
export type GroupRow = Pick<typeof directoryGroups.$inferSelect, "integrationId" | "id" | "displayName" | "mail" | "description" | "kind">;

const GROUP_COLUMNS = sql`g.integration_id as "integrationId", g.id, g.display_name as "displayName", g.mail, g.description, g.kind`;
type MemberGroupRow = { memberId: string; group: GroupRow };

/**
 * Principal id -> the groups it is a direct member of, by name. The statement answers one row
 * per distinct group, with the batch's members of it, rather than one per membership: a page of
 * 1,000 people in ten groups each decodes and allocates each group once (its members share the
 * object), which was most of the cost of enriching a page of traces (see BENCHMARKS.md). The
 * members travel as one comma-joined string (object ids are GUIDs): split natively, where a
 * text[] would be parsed character by character by the driver.
 */
export function directGroupsLoader(db: Database, orgId: string) {
  return batchLoader<string, GroupRow & { memberIds: string[] }, GroupRow[]>(
    async (memberIds) => {
      const rows = await selectRows<GroupRow & { memberIds: string | string[] }>(
        db,
        sql`select ${GROUP_COLUMNS}, m.member_ids as "memberIds"
              from (select m.integration_id, m.group_id, string_agg(m.member_id, ',') as member_ids
                      from ${groupMemberships} m
                      ${joinOrganisation("m", orgId)}
                     where ${oneOfKeys(sql`m.member_id`, memberIds)}
                     group by m.integration_id, m.group_id) m
              join ${directoryGroups} g on g.integration_id = m.integration_id and g.id = m.group_id
             order by g.display_name, g.id`,
      );
      for (const row of rows) row.memberIds = (row.memberIds as string).split(",");
      return rows as (GroupRow & { memberIds: string[] })[];
    },
    (row) => row.memberIds,
    () => [],
    appendRow,
  );
}

/**
 * Principal id -> every group it belongs to through nesting. The closure is computed by a
 * recursive query at read time, so it is always as current as the direct memberships;
 * UNION (not UNION ALL) makes cycles terminate.
 *
 * Each step looks up the groups of each group reached so far on its own, and the end looks each
 * group's row up the same way (lateral subqueries, `offset 0` keeping them apart). Joined instead,
 * PostgreSQL planned every step as a hash of the organisation's whole membership table (1.4-1.8 s
 * for the groups of 100 people among 100,000), and a recursive query's estimates grow so fast that
 * the end hashed every group even for one person (BENCHMARKS.md).
 */
export function transitiveGroupsLoader(db: Database, orgId: string) {
  return batchLoader<string, MemberGroupRow, GroupRow[]>(
    async (memberIds) => {
      const rows = await selectRows<Record<string, unknown>>(
        db,
        sql`with recursive closure(member_id, integration_id, group_id) as (
              select m.member_id, m.integration_id, m.group_id
                from ${groupMemberships} m
                ${joinOrganisation("m", orgId)}
               where ${oneOfKeys(sql`m.member_id`, memberIds)}
              union
              select c.member_id, c.integration_id, p.group_id
                from closure c
                cross join lateral (
                  select m.group_id
                    from ${groupMemberships} m
                   where m.integration_id = c.integration_id and m.member_id = c.group_id
                  offset 0) p
            )
            select c.member_id as "memberId", p.*
              from closure c
              cross join lateral (
                select ${GROUP_COLUMNS}
                  from ${directoryGroups} g
                 where g.integration_id = c.integration_id and g.id = c.group_id
                offset 0) p
             order by p."displayName", p.id`,
      );
      return rows.map(({ memberId, ...group }) => ({ memberId: memberId as string, group: group as GroupRow }));
    },
    (row) => row.memberId,
    () => [],
    (row, list) => appendRow(row.group, list),
  );
}

export function groupByIdLoader(db: Database, orgId: string) {
  return batchLoader<string, GroupRow, GroupRow | null>(
    (ids) =>
      db
        .select()
        .from(directoryGroups)
        .where(and(inOrganisation(db, directoryGroups.integrationId, orgId), oneOfKeys(directoryGroups.id, ids))),
    (row) => row.id,
    () => null,
    singleRow,
  );
}

/**
 * Group id -> how many direct members it has that are people (deleted accounts left out, as
 * `members` leaves them) or nested groups; applications and devices in it are not counted.
 */
export function memberCountLoader(db: Database, orgId: string) {
  return batchLoader<string, { groupId: string; members: number }, number>(
    (groupIds) =>
      db
        .select({ groupId: groupMemberships.groupId, members: count() })
        .from(groupMemberships)
        .leftJoin(
          directoryUsers,
          and(eq(directoryUsers.integrationId, groupMemberships.integrationId), eq(directoryUsers.id, groupMemberships.memberId)),
        )
        .where(
          and(
            inOrganisation(db, groupMemberships.integrationId, orgId),
            oneOfKeys(groupMemberships.groupId, groupIds),
            or(
              eq(groupMemberships.memberType, "group"),
              and(eq(groupMemberships.memberType, "user"), isNull(directoryUsers.deletedAt)),
            ),
          ),
        )
        .groupBy(groupMemberships.groupId),
    (row) => row.groupId,
    () => 0,
    (row) => Number(row.members),
  );
}
