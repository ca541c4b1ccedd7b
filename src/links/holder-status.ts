// Where a link's holder stands in the directory now, as one SQL expression, for the apiKeyLinks
// filter. The field ApiKeyLink.status works out the same rule from the holder's loaded row
// (accountStatus, link-resolver.ts): a change here is a change there.
import { sql, type SQL } from "drizzle-orm";
import { directoryServicePrincipals, directoryUsers } from "../db/schema.js";
import { joinOrganisation } from "../loaders/scope.js";

/** A person's account status, or MISSING when no user or service principal has the id any more. */
export const HOLDER_STATUSES = ["ACTIVE", "DISABLED", "DELETED", "MISSING"] as const;

export type HolderStatus = (typeof HOLDER_STATUSES)[number];

/**
 * The status of the holder of the link row aliased `link` (columns org_id, holder_id):
 * DELETED for a tombstoned user, MISSING when no user or service principal has the id any more.
 */
export function holderStatusSql(link: SQL): SQL<HolderStatus> {
  return sql<HolderStatus>`coalesce(
    (select case when u.deleted_at is not null then 'DELETED' when u.account_enabled then 'ACTIVE' else 'DISABLED' end
       from ${directoryUsers} u ${joinOrganisation("u", sql`${link}.org_id`)}
      where u.id = ${link}.holder_id
      order by u.deleted_at nulls first limit 1),
    (select case when s.account_enabled then 'ACTIVE' else 'DISABLED' end
       from ${directoryServicePrincipals} s ${joinOrganisation("s", sql`${link}.org_id`)}
      where s.id = ${link}.holder_id limit 1),
    'MISSING')`;
}
