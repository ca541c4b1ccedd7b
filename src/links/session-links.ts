// Session links: traces recorded within a session resolve to the session's person (or service
// principal) until the link expires.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { sessionLinks } from "../db/schema.js";
import { LinkConflictError, LinkInputError, LinkNotFoundError } from "./errors.js";
import { requireHolder } from "./holders.js";
import { refuseLinkId } from "./secret-shapes.js";

export type SessionLinkRow = typeof sessionLinks.$inferSelect;

export interface SessionLinkInput {
  sessionId: string;
  holderId: string;
  expiresAt?: Date | null;
}

/**
 * Links a session; linking it again to the same holder moves its expiry. A link that has expired
 * resolves nothing any more, so the session may be linked to someone else without unlinking it.
 */
export async function linkSession(
  db: Database,
  orgId: string,
  linkedBy: string,
  input: SessionLinkInput,
  now = new Date(),
): Promise<SessionLinkRow> {
  checkSessionId(input.sessionId);
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) {
    throw new LinkInputError("expiresAt", "expiresAt must be in the future");
  }
  const kind = await requireHolder(db, orgId, input.holderId);
  // Another holder's link changes hands only once expired, judged in the upsert itself so that two
  // admins linking the session at the same moment cannot both win; a new holder's link is new.
  const newHolder = sql`${sessionLinks.holderId} <> excluded.holder_id`;
  const [row] = await db
    .insert(sessionLinks)
    .values({ orgId, sessionId: input.sessionId, holderId: input.holderId, holderKind: kind, expiresAt: input.expiresAt ?? null, linkedBy })
    .onConflictDoUpdate({
      target: [sessionLinks.orgId, sessionLinks.sessionId],
      set: {
        holderId: sql`excluded.holder_id`,
        holderKind: sql`excluded.holder_kind`,
        expiresAt: sql`excluded.expires_at`,
        linkedBy: sql`case when ${newHolder} then excluded.linked_by else ${sessionLinks.linkedBy} end`,
        createdAt: sql`case when ${newHolder} then excluded.created_at else ${sessionLinks.createdAt} end`,
      },
      setWhere: sql`not (${newHolder}) or ${sessionLinks.expiresAt} <= ${now.toISOString()}::timestamptz`,
    })
    .returning();
  if (!row) throw new LinkConflictError("This session is linked to another identity: unlink it first");
  return row;
}

export async function unlinkSession(db: Database, orgId: string, sessionId: string): Promise<void> {
  checkSessionId(sessionId);
  const removed = await db
    .delete(sessionLinks)
    .where(and(eq(sessionLinks.orgId, orgId), eq(sessionLinks.sessionId, sessionId)))
    .returning({ sessionId: sessionLinks.sessionId });
  if (removed.length === 0) throw new LinkNotFoundError();
}

function checkSessionId(sessionId: string): void {
  const refusal = refuseLinkId(sessionId, "session id");
  if (refusal) throw new LinkInputError("sessionId", refusal.message);
}
