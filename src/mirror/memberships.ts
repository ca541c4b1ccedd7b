// Direct group memberships in the mirror: added as Graph lists them (a big group's list arrives in
// parts, so additions merge) and removed pair by pair.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { selectRows } from "../db/rows.js";
import { groupMemberships } from "../db/schema.js";
import { textArray } from "../db/text-array.js";
import { BULK_CHUNK, chunks } from "./bulk.js";

export type MemberType = "user" | "group" | "servicePrincipal" | "other";

export interface Membership {
  groupId: string;
  memberId: string;
  memberType: MemberType;
}

/**
 * Adds direct memberships (merging: a group's list may arrive in several parts). Returns how many
 * were new. The pairs travel as three text arrays, each pair once: sent as a JSON document and
 * made distinct by PostgreSQL's sort (DISTINCT ON), the statement took 20.2-20.4 s of a bench
 * run's syncs of 100,000 users, 17.3-18.1 s as it is (BENCHMARKS.md).
 */
export async function addMemberships(
  db: Database,
  integrationId: string,
  memberships: Membership[],
  seenInRun: string | null = null,
): Promise<number> {
  let added = 0;
  for (const chunk of chunks(distinctPairs(memberships), BULK_CHUNK)) {
    // xmax = 0 only for freshly inserted rows: re-seen rows are refreshed but not counted as changes.
    const [row] = await selectRows<{ added: number }>(
      db,
      sql`with upserted as (
            insert into ${groupMemberships} (integration_id, group_id, member_id, member_type, seen_in_run)
            select ${integrationId}::uuid, m.group_id, m.member_id, m.member_type, ${seenInRun}::uuid
              from unnest(${textArray(chunk.map((m) => m.groupId))}, ${textArray(chunk.map((m) => m.memberId))},
                          ${textArray(chunk.map((m) => m.memberType))}) as m(group_id, member_id, member_type)
            on conflict (integration_id, group_id, member_id)
            do update set seen_in_run = excluded.seen_in_run, member_type = excluded.member_type
            returning (xmax = 0) as inserted
          )
          select (count(*) filter (where inserted))::int as added from upserted`,
    );
    added += Number(row?.added ?? 0);
  }
  return added;
}

/**
 * Each (group, member) pair once, as it last appears: Graph repeats items, and one statement must
 * not touch the same row twice (ON CONFLICT refuses). Keyed by the ids Graph sent, group by group,
 * so that no string is made per pair.
 */
function distinctPairs(memberships: Membership[]): Membership[] {
  const byGroup = new Map<string, Map<string, Membership>>();
  for (const membership of memberships) {
    let members = byGroup.get(membership.groupId);
    if (!members) byGroup.set(membership.groupId, (members = new Map()));
    members.set(membership.memberId, membership);
  }
  const distinct: Membership[] = [];
  for (const members of byGroup.values()) for (const membership of members.values()) distinct.push(membership);
  return distinct;
}

/** Removes the given (group, member) pairs; returns how many were there. */
export async function removeMemberships(
  db: Database,
  integrationId: string,
  memberships: Pick<Membership, "groupId" | "memberId">[],
): Promise<number> {
  let removed = 0;
  for (const chunk of chunks(memberships, BULK_CHUNK)) {
    const [row] = await selectRows<{ removed: number }>(
      db,
      sql`with deleted as (
            delete from ${groupMemberships} m
             using unnest(${textArray(chunk.map((d) => d.groupId))}, ${textArray(chunk.map((d) => d.memberId))})
                   as d(group_id, member_id)
             where m.integration_id = ${integrationId}::uuid and m.group_id = d.group_id and m.member_id = d.member_id
            returning 1
          )
          select count(*)::int as removed from deleted`,
    );
    removed += Number(row?.removed ?? 0);
  }
  return removed;
}
