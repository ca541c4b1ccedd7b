// Users' last sign-ins, where the mirror knows them (see src/entra/sync/sign-in-activity.ts).
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { selectRows } from "../db/rows.js";
import { userSignIns } from "../db/schema.js";
import type { KnownSignIns } from "../directory/known-sign-ins.js";
import { batchLoader, eachKey } from "./batch.js";
import { joinOrganisation } from "./scope.js";

type Row = { userId: string; lastSignInAt: Date | string | null; accountCreatedAt: Date | string | null };

/** User id -> what the mirror read of their sign-ins; null when it read nothing (unknown). */
export function signInsLoader(db: Database, orgId: string) {
  return batchLoader<string, KnownSignIns & { userId: string }, KnownSignIns | null>(
    async (userIds) =>
      (
        await selectRows<Row>(
          db,
          sql`select p.*
                from ${eachKey(
                  userIds,
                  (userId) => sql`select s.user_id as "userId", s.last_sign_in_at as "lastSignInAt",
                                         s.account_created_at as "accountCreatedAt"
                    from ${userSignIns} s
                    ${joinOrganisation("s", orgId)}
                   where s.user_id = ${userId}`,
                )} as p`,
        )
      ).map((row) => ({ userId: row.userId, lastSignInAt: dateOrNull(row.lastSignInAt), accountCreatedAt: dateOrNull(row.accountCreatedAt) })),
    (row) => row.userId,
    () => null,
    // Of two integrations mirroring one tenant, the later sign-in.
    (row, current) =>
      current === null || (row.lastSignInAt !== null && (current.lastSignInAt === null || row.lastSignInAt > current.lastSignInAt))
        ? { lastSignInAt: row.lastSignInAt, accountCreatedAt: row.accountCreatedAt }
        : current,
  );
}

function dateOrNull(value: Date | string | null): Date | null {
  return value === null ? null : new Date(value);
}
