// Key and session links of the caller's organisation, by the id a trace carries.
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { apiKeyLinks, sessionLinks } from "../db/schema.js";
import { oneOfKeys } from "../db/text-array.js";
import type { ApiKeyLinkRow } from "../links/api-key-links.js";
import type { SessionLinkRow } from "../links/session-links.js";
import { batchLoader, singleRow } from "./batch.js";

/** API key id -> its link. */
export function apiKeyLinkByKeyLoader(db: Database, orgId: string) {
  return batchLoader<string, ApiKeyLinkRow, ApiKeyLinkRow | null>(
    (keys) => db.select().from(apiKeyLinks).where(and(eq(apiKeyLinks.orgId, orgId), oneOfKeys(apiKeyLinks.apiKeyId, keys))),
    (row) => row.apiKeyId,
    () => null,
    singleRow,
  );
}

/**
 * Session id -> its link, expired or not: whether it held when a trace happened is for the trace
 * to say (src/graphql/trace-identity.ts), a trace of last week by last week's link.
 */
export function sessionLinkByIdLoader(db: Database, orgId: string) {
  return batchLoader<string, SessionLinkRow, SessionLinkRow | null>(
    (ids) => db.select().from(sessionLinks).where(and(eq(sessionLinks.orgId, orgId), oneOfKeys(sessionLinks.sessionId, ids))),
    (row) => row.sessionId,
    () => null,
    singleRow,
  );
}
