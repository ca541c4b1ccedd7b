// Who may hold a key or a session: a live directory user or a service principal of the
// organisation's connected tenants, found by object id in one statement.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { selectRows } from "../db/rows.js";
import { directoryServicePrincipals, directoryUsers } from "../db/schema.js";
import { oneOfKeys } from "../db/text-array.js";
import { joinOrganisation } from "../loaders/scope.js";
import { LinkInputError } from "./errors.js";
import type { HolderKind } from "./holder-kind.js";

/** Object id -> kind, for those of `ids` that exist (tombstoned users do not hold new links). */
export async function findHolders(db: Database, orgId: string, ids: string[]): Promise<Map<string, HolderKind>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await selectRows<{ id: string; kind: HolderKind }>(
    db,
    sql`select u.id, 'USER' as kind
          from ${directoryUsers} u ${joinOrganisation("u", orgId)}
         where ${oneOfKeys(sql`u.id`, unique)} and u.deleted_at is null
        union
        select s.id, 'SERVICE_PRINCIPAL' as kind
          from ${directoryServicePrincipals} s ${joinOrganisation("s", orgId)}
         where ${oneOfKeys(sql`s.id`, unique)}`,
  );
  return new Map(rows.map((row) => [row.id, row.kind]));
}

/** The kind of the holder a new link names; a LinkInputError on `holderId` if no one has that id. */
export async function requireHolder(db: Database, orgId: string, holderId: string): Promise<HolderKind> {
  const kind = (await findHolders(db, orgId, [holderId])).get(holderId);
  if (!kind) throw new LinkInputError("holderId", "No user or service principal has this id in the organisation's directory");
  return kind;
}
