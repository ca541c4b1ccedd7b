// Users' last sign-ins in the mirror: replaced whole by each read of sign-in activity, and
// forgotten when the app may no longer read them, so that nothing stale passes for known.
import { eq, max } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { userSignIns } from "../db/schema.js";
import { chunks } from "./bulk.js";

export interface SignInRow {
  userId: string;
  /** Null: the user never signed in. */
  lastSignInAt: Date | null;
}

/** Replaces the integration's sign-ins with `signIns`, as read at `readAt`. */
export async function replaceSignIns(db: Database, integrationId: string, signIns: SignInRow[], readAt: Date): Promise<void> {
  await forgetSignIns(db, integrationId);
  const unique = new Map(signIns.map((signIn) => [signIn.userId, signIn]));
  for (const chunk of chunks([...unique.values()])) {
    await db.insert(userSignIns).values(chunk.map((signIn) => ({ integrationId, readAt, ...signIn })));
  }
}

/** Sign-in activity is unknown again: every user's last sign-in is absent, not old. */
export async function forgetSignIns(db: Database, integrationId: string): Promise<void> {
  await db.delete(userSignIns).where(eq(userSignIns.integrationId, integrationId));
}

/** When the mirror's sign-ins were read; null when it has none. */
export async function signInsReadAt(db: Database, integrationId: string): Promise<Date | null> {
  const [row] = await db.select({ readAt: max(userSignIns.readAt) }).from(userSignIns).where(eq(userSignIns.integrationId, integrationId));
  return row?.readAt ? new Date(row.readAt) : null;
}
