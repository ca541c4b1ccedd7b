// A user's addresses in the mirror: rewritten whenever the user is, deleted with the principal.
// Which addresses a user has, and their ranking, is decided in src/directory/addresses.ts.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { directoryUserEmails } from "../db/schema.js";
import { normaliseAddress, userAddresses, type AddressSource } from "../directory/addresses.js";
import { oneOfKeys, textArray } from "../db/text-array.js";
import { BULK_CHUNK, chunks } from "./bulk.js";

/**
 * Replaces the stored addresses of `users` with the ones their rows now carry. Only the users the
 * mirror held before (`mirrored`) have addresses to clear: addresses are written with their user
 * and removed with them (principal-links.ts), so a first sync clears only those Graph repeats
 * from an earlier page. Clearing all of a page's 999 users was planned as a scan of every
 * address, 20-36 ms a page at 100,000 users (BENCHMARKS.md).
 */
export async function rewriteAddresses(
  db: Database,
  integrationId: string,
  users: (AddressSource & { id: string })[],
  mirrored: ReadonlyMap<string, unknown>,
): Promise<void> {
  await deleteAddresses(db, integrationId, users.filter((user) => mirrored.has(user.id)).map((user) => user.id));
  const addresses = users.flatMap((row) =>
    userAddresses(row).map(({ address, rank }) => ({ address: normaliseAddress(address), rank, userId: row.id })),
  );
  for (const chunk of chunks(addresses, BULK_CHUNK)) {
    await db.execute(sql`
      insert into ${directoryUserEmails} (integration_id, address, rank, user_id)
      select ${integrationId}::uuid, a.address, a.rank, a.user_id
        from unnest(${textArray(chunk.map((a) => a.address))}, ${sql.param(chunk.map((a) => a.rank))}::int[],
                    ${textArray(chunk.map((a) => a.userId))}) as a(address, rank, user_id)
      on conflict do nothing`);
  }
}

export async function deleteAddresses(db: Database, integrationId: string, userIds: string[]): Promise<void> {
  for (const chunk of chunks(userIds)) {
    await db
      .delete(directoryUserEmails)
      .where(and(eq(directoryUserEmails.integrationId, integrationId), oneOfKeys(directoryUserEmails.userId, chunk)));
  }
}
