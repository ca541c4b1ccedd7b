// Users' last sign-ins, where the mirror knows them (see src/entra/sync/sign-in-activity.ts).
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { selectRows } from "../db/rows.js";
import { userSignIns } from "../db/schema.js";
import { batchLoader, eachKey } from "./batch.js";
import { joinOrganisation } from "./scope.js";

/** User id -> their last sign-in; null when unknown or when they never signed in. */
export function lastSignInLoader(db: Database, orgId: string) {
  return batchLoader<string, { userId: string; lastSignInAt: Date | null }, Date | null>(
    async (userIds) =>
      (
        await selectRows<{ userId: string; lastSignInAt: Date | string | null }>(
          db,
          sql`select p.*
                from ${eachKey(
                  userIds,
                  (userId) => sql`select s.user_id as "userId", s.last_sign_in_at as "lastSignInAt"
                    from ${userSignIns} s
                    ${joinOrganisation("s", orgId)}
                   where s.user_id = ${userId}`,
                )} as p`,
        )
      ).map((row) => ({ userId: row.userId, lastSignInAt: row.lastSignInAt === null ? null : new Date(row.lastSignInAt) })),
    (row) => row.userId,
    () => null,
    // Of two integrations mirroring one tenant, the later sign-in.
    (row, current) => (current === null || (row.lastSignInAt !== null && row.lastSignInAt > current) ? row.lastSignInAt : current),
  );
}
