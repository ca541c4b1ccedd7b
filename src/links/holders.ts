// Who may hold a key or a session: a live directory user or a service principal of the
// organisation's connected tenants, found by object id in one statement.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { selectRows } from "../db/rows.js";
import { directoryServicePrincipals, directoryUsers, integrations } from "../db/schema.js";
import type { HolderKind } from "./holder-kind.js";


/** Object id -> kind, for those of `ids` that exist (tombstoned users do not hold new links). */
export async function findHolders(db: Database, orgId: string, ids: string[]): Promise<Map<string, HolderKind>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const list = sql.join(
    unique.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = await selectRows<{ id: string; kind: HolderKind }>(
    db,
    sql`select u.id, 'USER' as kind
          from ${directoryUsers} u join ${integrations} i on i.id = u.integration_id and i.org_id = ${orgId}
         where u.id in (${list}) and u.deleted_at is null
        union
        select s.id, 'SERVICE_PRINCIPAL' as kind
          from ${directoryServicePrincipals} s join ${integrations} i on i.id = s.integration_id and i.org_id = ${orgId}
         where s.id in (${list})`,
  );
  return new Map(rows.map((row) => [row.id, row.kind]));
}
