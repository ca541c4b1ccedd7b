// Users' last sign-ins in the mirror: forgotten, then added page by page, by each read of sign-in
// activity (the run's transaction keeps the old ones for readers until it commits); forgotten
// alone when the app may no longer read them, so that nothing stale passes for known.
import { eq, max, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { userSignIns } from "../db/schema.js";
import { textArray } from "../db/text-array.js";
import type { KnownSignIns } from "../directory/known-sign-ins.js";
import { BULK_CHUNK, chunks } from "./bulk.js";

export interface SignInRow extends KnownSignIns {
  userId: string;
}

/**
 * Adds a page of sign-ins, as read at `readAt`; a user listed again keeps the later listing.
 * Bound as arrays, as addresses are: a full sync writes one row per user.
 */
export async function addSignIns(db: Database, integrationId: string, signIns: SignInRow[], readAt: Date): Promise<void> {
  const unique = [...new Map(signIns.map((signIn) => [signIn.userId, signIn])).values()];
  for (const chunk of chunks(unique, BULK_CHUNK)) {
    await db.execute(sql`
      insert into ${userSignIns} (integration_id, user_id, last_sign_in_at, account_created_at, read_at)
      select ${integrationId}::uuid, s.user_id, s.last_sign_in_at::timestamptz, s.account_created_at::timestamptz,
             ${readAt.toISOString()}::timestamptz
        from unnest(${textArray(chunk.map((signIn) => signIn.userId))},
                    ${textArray(chunk.map((signIn) => signIn.lastSignInAt?.toISOString() ?? null))},
                    ${textArray(chunk.map((signIn) => signIn.accountCreatedAt?.toISOString() ?? null))})
             as s(user_id, last_sign_in_at, account_created_at)
      on conflict (integration_id, user_id)
      do update set last_sign_in_at = excluded.last_sign_in_at, account_created_at = excluded.account_created_at`);
  }
}

/** Every user's last sign-in is unknown (absent, not old), until sign-ins are added again. */
export async function forgetSignIns(db: Database, integrationId: string): Promise<void> {
  await db.delete(userSignIns).where(eq(userSignIns.integrationId, integrationId));
}

/** When the mirror's sign-ins were read; null when it has none. */
export async function signInsReadAt(db: Database, integrationId: string): Promise<Date | null> {
  const [row] = await db.select({ readAt: max(userSignIns.readAt) }).from(userSignIns).where(eq(userSignIns.integrationId, integrationId));
  return row?.readAt ? new Date(row.readAt) : null;
}
