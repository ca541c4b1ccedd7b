// Each user's last sign-in, from Graph's signInActivity to the mirror, where the app holds
// AuditLog.Read.All and the tenant has Microsoft Entra ID P1 or P2.
//
// users/delta does not carry signInActivity, so it is read from the user list, at most 500 users
// a page when it is selected: ⌈U / 500⌉ requests for U users. Activity that matters for access
// reviews is counted in weeks (inactive for 90 days), so a run reads it only when it is a full
// run, or when the mirror's copy is a day old or missing: one read a day, whatever the sync
// interval. Without the permission or the licence the mirror forgets what it had, so that a
// user's sign-in becomes unknown rather than old; and, the permission being optional, nothing
// is reported as skipped (the connection test names it).
import type { SyncMode } from "../../directory/sync-modes.js";
import { addSignIns, forgetSignIns, signInsReadAt, type SignInRow } from "../../mirror/sign-ins.js";
import { GraphError } from "../graph-client.js";
import { isSignInActivityUnlicensed } from "../licence-errors.js";
import { dailyReadDue } from "./daily-reads.js";
import type { SyncOptions } from "./types.js";

interface SignInUserItem {
  id: string;
  createdDateTime?: string | null;
  signInActivity?: {
    lastSignInDateTime?: string | null;
    lastNonInteractiveSignInDateTime?: string | null;
    lastSuccessfulSignInDateTime?: string | null;
  } | null;
}

const SIGN_IN_ACTIVITY = "/v1.0/users?$select=id,createdDateTime,signInActivity&$top=500";

/** Reads users' sign-in activity when it is due (see above), stamped with the run's start. */
export async function syncSignInActivity(options: SyncOptions, mode: SyncMode): Promise<void> {
  const { db, graph, integrationId, startedAt: now } = options;
  const readAt = await signInsReadAt(db, integrationId);
  if (mode === "INCREMENTAL" && !dailyReadDue(readAt, now)) return;
  // Forgotten first: a refusal leaves them unknown, and a read adds them back a page at a time.
  await forgetSignIns(db, integrationId);
  try {
    for await (const page of graph.pages<SignInUserItem>(SIGN_IN_ACTIVITY)) {
      await addSignIns(db, integrationId, page.value.map(signInRow), now);
    }
  } catch (error) {
    // Refused for want of the permission (403 Authorization_RequestDenied) or of the licence; or
    // throttled past the client's retries, which fails a daily read, not the run's other changes:
    // unknown until the next run, which finds none read and reads them again.
    const refused = error instanceof GraphError && (error.status === 403 || error.retryable);
    if (!isSignInActivityUnlicensed(error) && !refused) throw error;
    // A refusal after some pages leaves nothing half-read.
    await forgetSignIns(db, integrationId);
  }
}

/** Since when Graph records successful sign-ins (lastSuccessfulSignInDateTime), not before. */
const SUCCESSES_RECORDED_SINCE = Date.parse("2023-12-01T00:00:00Z");

/**
 * The last successful sign-in. The last attempts, interactive or not, count failures too (a
 * dormant account under password spray "signs in" every day). Where Graph has no success recorded,
 * none happened since it began recording them: for an account created since, none at all (a new
 * hire whose every attempt failed never got in); for an older one the later attempt stands in,
 * but no later than that day. Null when nothing happened.
 */
function signInRow({ id, createdDateTime, signInActivity }: SignInUserItem): SignInRow {
  const accountCreatedAt = createdDateTime ? new Date(createdDateTime) : null;
  const success = signInActivity?.lastSuccessfulSignInDateTime;
  if (success) return { userId: id, lastSignInAt: new Date(success), accountCreatedAt };
  const dates = [signInActivity?.lastSignInDateTime, signInActivity?.lastNonInteractiveSignInDateTime]
    .filter((date): date is string => !!date)
    .map((date) => new Date(date).getTime());
  const createdSinceRecording = accountCreatedAt !== null && accountCreatedAt.getTime() >= SUCCESSES_RECORDED_SINCE;
  if (dates.length === 0 || createdSinceRecording) return { userId: id, lastSignInAt: null, accountCreatedAt };
  return { userId: id, lastSignInAt: new Date(Math.min(Math.max(...dates), SUCCESSES_RECORDED_SINCE)), accountCreatedAt };
}
