// The department a person had at a moment, from the mirror's department history.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { selectRows } from "../db/rows.js";
import { userDepartmentHistory } from "../db/schema.js";
import { batchLoader } from "./batch.js";
import { joinOrganisation } from "./scope.js";

/** A user at a moment, as a DataLoader key: `${userId} ${iso timestamp}`. */
export const departmentAtKey = (userId: string, at: Date) => `${userId} ${at.toISOString()}`;

/**
 * (user, moment) -> the department valid then: the latest change at or before the moment, or,
 * for a moment before the mirror knew the person, the department they were first seen with.
 */
export function departmentAtLoader(db: Database, orgId: string) {
  return batchLoader<string, { key: string; department: string | null }, string | null>(
    async (keys) => {
      const pairs = keys.map((key) => key.split(" ") as [string, string]);
      // One JSON parameter carries every key: both drivers bind a string alike, unlike arrays.
      return selectRows(
        db,
        sql`select k.key, (
                select h.department
                  from ${userDepartmentHistory} h
                  ${joinOrganisation("h", orgId)}
                 where h.user_id = k.user_id
                 order by (coalesce(h.valid_from, '-infinity') <= k.at) desc,
                          case when coalesce(h.valid_from, '-infinity') <= k.at then h.valid_from end desc nulls last,
                          h.valid_from asc nulls first
                 limit 1) as department
              from jsonb_to_recordset(${JSON.stringify(pairs.map(([userId, at], i) => ({ user_id: userId, at, key: keys[i] })))}::jsonb)
                   as k(user_id text, at timestamptz, key text)`,
      );
    },
    (row) => row.key,
    () => null,
    (row) => row.department,
  );
}
