// The floor for trace enrichment: the lookups `_entities` makes (person by address, then their
// manager, direct groups and roles) as hand-written batched SQL on one postgres.js connection,
// selecting only the columns the bench query asks for. No GraphQL, no HTTP, no DataLoader:
// what is left is the database's work and the driver's decoding, which no server can avoid.
import type { Sql } from "postgres";

export interface FloorAnswer {
  /** How many of the addresses found a person. */
  resolved: number;
  statements: number;
  rows: number;
}

export async function floorLookups(sql: Sql, orgId: string, emails: string[]): Promise<FloorAnswer> {
  const addresses = [...new Set(emails.map((email) => email.trim().toLowerCase()))];
  // Each address looked up on its own (a lateral subquery), as the loader does
  // (src/loaders/users.ts): the address index is probed however many addresses there are.
  const people = await sql<{ address: string; id: string; managerId: string | null }[]>`
    select k.address, p.*
      from unnest(${addresses}::text[]) as k(address)
      cross join lateral (
        select u.id, u.display_name, u.mail, u.job_title, u.department, u.account_enabled, u.deleted_at,
               u.manager_id as "managerId"
          from directory_user_emails e
          join integrations i on i.id = e.integration_id
          join directory_users u on u.integration_id = e.integration_id and u.id = e.user_id
         where i.org_id = ${orgId} and e.address = k.address
         order by u.deleted_at is not null, u.user_type is not distinct from 'Guest', e.rank, i.created_at, i.id, u.id
         limit 1) p`;
  const userIds = [...new Set(people.map((p) => p.id))];
  const managerIds = [...new Set(people.flatMap((p) => (p.managerId ? [p.managerId] : [])))];
  // One connection: postgres.js pipelines the three, as a loader tick sends them together.
  const [managers, groups, roles] = await Promise.all([
    sql`
      select u.id, u.display_name, u.mail
        from directory_users u
        join integrations i on i.id = u.integration_id
       where i.org_id = ${orgId} and u.id = any(${managerIds}::text[])`,
    sql`
      select m.member_id, g.id, g.display_name, g.kind
        from group_memberships m
        join integrations i on i.id = m.integration_id
        join directory_groups g on g.integration_id = m.integration_id and g.id = m.group_id
       where i.org_id = ${orgId} and m.member_id = any(${userIds}::text[])
       order by g.display_name, g.id`,
    sql`
      select a.principal_id, r.id, r.display_name
        from role_assignments a
        join integrations i on i.id = a.integration_id
        join directory_roles r on r.integration_id = a.integration_id and r.id = a.role_id
       where i.org_id = ${orgId} and a.principal_id = any(${userIds}::text[])
       order by r.display_name`,
  ]);
  const found = new Set(people.map((p) => p.address));
  return {
    resolved: emails.filter((email) => found.has(email.trim().toLowerCase())).length,
    statements: 4,
    rows: people.length + managers.length + groups.length + roles.length,
  };
}
