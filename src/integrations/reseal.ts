// Rotating SECRETS_KEY: the credentials sealed under a previous key (SECRETS_KEY_PREVIOUS) are
// sealed again under the current one, so that the previous key can be let go. Each is replaced
// only if it is still the value that was read, so that an admin's new credential saved meanwhile
// is never overwritten with the old one; then every credential is read again, and those a
// previous key still opens (saved meanwhile by a replica on the old settings) are named.
//
// Run on demand only (identity-subgraph reseal), once every replica runs with the new key: a
// replica still on the old settings, resealing by itself, would seal back under the old key.
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
  /** Integrations whose credential a previous key still opens, after the pass: reseal again. */
  readonly underPrevious: readonly string[];
}

export async function resealCredentials(db: Database, keys: SecretsKeys): Promise<ResealReport> {
  let resealed = 0;
  for (const { id, sealed, opened } of await openAll(db, keys)) {
    if (!opened?.underPrevious) continue;
    const updated = await db
      .update(integrations)
      // A client secret sealed alone (v1, before credential kinds) becomes a credential document.
      .set({ sealedCredential: sealCredential(opened.credential, keys.current) })
      .where(and(eq(integrations.id, id), eq(integrations.sealedCredential, sealed)))
      .returning({ id: integrations.id });
    resealed += updated.length;
  }
  const after = await openAll(db, keys);
  return {
    resealed,
    unreadable: after.filter((row) => !row.opened).map((row) => row.id),
    underPrevious: after.filter((row) => row.opened?.underPrevious).map((row) => row.id),
  };
}

/** Every integration's sealed credential, opened (undefined when no key opens it). */
async function openAll(db: Database, keys: SecretsKeys) {
  const rows = await db.select({ id: integrations.id, sealed: integrations.sealedCredential }).from(integrations);
  return rows.map(({ id, sealed }) => {
    try {
      return { id, sealed, opened: openCredential(sealed, keys) };
    } catch (error) {
      if (!(error instanceof SecretSealError)) throw error;
      return { id, sealed, opened: undefined };
    }
  });
}
