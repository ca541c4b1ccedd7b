// Which applications an organisation counts as AI tools: admins mark them by app id, the same
// GUID in every tenant, so one mark covers every integration of the organisation and survives
// resyncs. A mark may come before the application's first sync: it applies once it is mirrored.
import { and, eq } from "drizzle-orm";
import { InputError } from "../coded-error.js";
import type { Database } from "../db/client.js";
import { aiApplications } from "../db/schema.js";
import { isGuid } from "../directory/guid.js";

/** Marks (`ai` true) or unmarks the application `appId` as an AI tool of the organisation. */
export async function markAiApplication(db: Database, orgId: string, markedBy: string, appId: string, ai: boolean): Promise<void> {
  if (!isGuid(appId)) throw new InputError("appId", "appId must be an application's client id, a GUID");
  const normalised = appId.toLowerCase();
  if (ai) {
    await db.insert(aiApplications).values({ orgId, appId: normalised, markedBy }).onConflictDoNothing();
  } else {
    await db.delete(aiApplications).where(and(eq(aiApplications.orgId, orgId), eq(aiApplications.appId, normalised)));
  }
}
