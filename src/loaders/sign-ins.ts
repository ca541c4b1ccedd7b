// Users' last sign-ins, where the mirror knows them (see src/entra/sync/sign-in-activity.ts).
import { and } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { userSignIns } from "../db/schema.js";
import { batchLoader, oneOfKeys } from "./batch.js";
import { inOrganisation } from "./scope.js";

/** User id -> their last sign-in; null when unknown or when they never signed in. */
export function lastSignInLoader(db: Database, orgId: string) {
  return batchLoader<string, { userId: string; lastSignInAt: Date | null }, Date | null>(
    (userIds) =>
      db
        .select({ userId: userSignIns.userId, lastSignInAt: userSignIns.lastSignInAt })
        .from(userSignIns)
        .where(and(inOrganisation(db, userSignIns.integrationId, orgId), oneOfKeys(userSignIns.userId, userIds))),
    (row) => row.userId,
    () => null,
    // Of two integrations mirroring one tenant, the later sign-in.
    (row, current) => (current === null || (row.lastSignInAt !== null && row.lastSignInAt > current) ? row.lastSignInAt : current),
  );
}
