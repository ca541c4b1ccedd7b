// Rotating SECRETS_KEY: the credentials sealed under a previous key (SECRETS_KEY_PREVIOUS) are
// sealed again under the current one, so that the previous key can be let go. Each is replaced
// only if it is still the value that was read, so that an admin's new credential saved meanwhile
// is never overwritten with the old one.
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { integrations } from "../db/schema.js";
import { openCredential, sealCredential } from "./sealed-credential.js";
import { SecretSealError, type SecretsKeys } from "./secrets.js";

export interface ResealReport {
  /** Credentials sealed again under the current key. */
  readonly resealed: number;
  /** Integrations whose credential no key opens: they fail their syncs (CREDENTIAL_UNREADABLE). */
  readonly unreadable: readonly string[];
}

export async function resealCredentials(db: Database, keys: SecretsKeys): Promise<ResealReport> {
  const rows = await db.select({ id: integrations.id, sealed: integrations.sealedCredential }).from(integrations);
  let resealed = 0;
  const unreadable: string[] = [];
  for (const { id, sealed } of rows) {
    let opened;
    try {
      opened = openCredential(sealed, keys);
    } catch (error) {
      if (!(error instanceof SecretSealError)) throw error;
      unreadable.push(id);
      continue;
    }
    if (!opened.underPrevious) continue;
    const updated = await db
      .update(integrations)
      // A client secret sealed alone (v1, before credential kinds) becomes a credential document.
      .set({ sealedCredential: sealCredential(opened.credential, keys.current) })
      .where(and(eq(integrations.id, id), eq(integrations.sealedCredential, sealed)))
      .returning({ id: integrations.id });
    resealed += updated.length;
  }
  return { resealed, unreadable };
}
