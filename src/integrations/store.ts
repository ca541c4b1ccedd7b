// Integration rows: the connected tenants of each organisation. Every statement on the
// `integrations` table is here, except those that move its status (see status.ts).
import { and, asc, eq, inArray, isNotNull, isNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { integrations, MIRROR_TABLES } from "../db/schema.js";
import type { DeltaLinks } from "../entra/sync/types.js";

export type IntegrationRow = typeof integrations.$inferSelect;

/** A new integration; it starts PENDING, and status.ts takes it from there. */
export type NewIntegration = Omit<typeof integrations.$inferInsert, "id" | "status" | "statusError" | "nextSyncAt">;

/** What an admin may change of an integration (status.ts changes the rest). */
export type IntegrationSettings = Partial<
  Pick<
    IntegrationRow,
    | "name"
    | "clientId"
    | "syncIntervalMinutes"
    | "sealedCredential"
    | "credentialKind"
    | "credentialHint"
    | "credentialExpiresAt"
    | "permissions"
  >
>;

export async function insertIntegration(db: Database, row: NewIntegration): Promise<IntegrationRow> {
  const [inserted] = await db.insert(integrations).values(row).returning();
  return inserted;
}

/** Any organisation's integration: callers check the organisation (FORBIDDEN vs NOT_FOUND). */
export async function findIntegration(db: Database, id: string): Promise<IntegrationRow | null> {
  const [row] = await db.select().from(integrations).where(eq(integrations.id, id));
  return row ?? null;
}

export function listIntegrations(db: Database, orgId: string): Promise<IntegrationRow[]> {
  return db.select().from(integrations).where(eq(integrations.orgId, orgId)).orderBy(asc(integrations.createdAt));
}

/** When each integration's credential expires, for those whose expiry is known. */
export async function credentialExpiries(db: Database): Promise<{ id: string; orgId: string; expiresAt: Date }[]> {
  const rows = await db
    .select({ id: integrations.id, orgId: integrations.orgId, expiresAt: integrations.credentialExpiresAt })
    .from(integrations)
    .where(isNotNull(integrations.credentialExpiresAt));
  return rows.map((row) => ({ ...row, expiresAt: row.expiresAt! }));
}

/** What each integration's freshness is judged by (staleness.ts), for /metrics. */
export function syncFreshness(db: Database) {
  return db
    .select({
      id: integrations.id,
      orgId: integrations.orgId,
      status: integrations.status,
      syncIntervalMinutes: integrations.syncIntervalMinutes,
      lastSuccessfulSyncAt: integrations.lastSuccessfulSyncAt,
      createdAt: integrations.createdAt,
    })
    .from(integrations);
}

/** Whether the organisation has connected the tenant, named by its GUID or a domain, in any case. */
export async function isTenantConnected(db: Database, orgId: string, tenantId: string): Promise<boolean> {
  const [existing] = await db
    .select({ id: integrations.id })
    .from(integrations)
    .where(
      and(
        eq(integrations.orgId, orgId),
        or(
          sql`lower(${integrations.tenantId}) = lower(${tenantId})`,
          sql`lower(${integrations.directoryTenantId}) = lower(${tenantId})`,
        ),
      ),
    );
  return Boolean(existing);
}

export async function updateSettings(db: Database, id: string, settings: IntegrationSettings): Promise<IntegrationRow> {
  const [updated] = await db.update(integrations).set(settings).where(eq(integrations.id, id)).returning();
  return updated;
}

/**
 * The integration as a run's transaction starts, held until it ends (`for key share`, as a
 * foreign key's check would): its removal waits for the run, and a run of an integration removed
 * meanwhile finds none. The mirror's rows, which have no foreign key (src/db/schema.ts), rely on it.
 */
export async function holdIntegrationForRun(tx: Database, id: string): Promise<IntegrationRow | null> {
  const [row] = await tx.select().from(integrations).where(eq(integrations.id, id)).for("key share");
  return row ?? null;
}

/**
 * Deletes the integration, its runs (by cascade) and its mirror, which has no foreign key. The
 * integration's row goes first: that waits for a run holding it, so the rows the run wrote are
 * committed, and deleted here, by then.
 */
export async function deleteIntegration(db: Database, orgId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const deleted = await tx
      .delete(integrations)
      .where(and(eq(integrations.orgId, orgId), eq(integrations.id, id)))
      .returning({ id: integrations.id });
    if (deleted.length === 0) return;
    for (const table of MIRROR_TABLES) await tx.delete(table).where(eq(table.integrationId, id));
  });
}

/** Where the next incremental sync of each resource starts, saved with the run that read it. */
export async function saveDeltaLinks(
  db: Database,
  id: string,
  links: DeltaLinks,
): Promise<void> {
  await db
    .update(integrations)
    .set({
      usersDeltaLink: links.users,
      groupsDeltaLink: links.groups,
      servicePrincipalsDeltaLink: links.servicePrincipals,
      deltaLinksQueries: links.queries,
    })
    .where(eq(integrations.id, id));
}

/**
 * The nextSyncAt of an integration claimed now for a run: no replica finds it due while the run
 * may still go on (`runTimeoutMinutes`, SYNC_RUN_TIMEOUT_MINUTES, and a minute to record its end),
 * so a long first sync is never claimed again meanwhile. The run's end sets the real next time; a
 * run whose process dies is closed and made due at once (dead-runs.ts).
 */
export const claimedUntil = (runTimeoutMinutes: number): SQL =>
  sql`now() + make_interval(secs => ${(runTimeoutMinutes + 1) * 60})`;

/** A claim given back: the run it was for could not start, so the integration is due again at once. */
export async function unclaimed(db: Database, id: string): Promise<void> {
  await db.update(integrations).set({ nextSyncAt: sql`now()` }).where(and(eq(integrations.id, id), ne(integrations.status, "DISABLED")));
}

/**
 * Claims up to `most` integrations due now (never a DISABLED one), longest due first: pushing
 * their nextSyncAt to claimedUntil(runTimeoutMinutes) in the statement that selects them. The selection skips
 * rows another replica's claim has locked, so replicas claiming at once split the due
 * integrations between them instead of claiming the same ones or waiting for each other.
 */
export function claimDue(db: Database, most: number, runTimeoutMinutes: number): Promise<IntegrationRow[]> {
  return db
    .update(integrations)
    .set({ nextSyncAt: claimedUntil(runTimeoutMinutes) })
    .where(
      inArray(
        integrations.id,
        db
          .select({ id: integrations.id })
          .from(integrations)
          .where(
            and(
              or(isNull(integrations.nextSyncAt), lte(integrations.nextSyncAt, sql`now()`)),
              ne(integrations.status, "DISABLED"),
            ),
          )
          .orderBy(sql`${integrations.nextSyncAt} asc nulls first`, asc(integrations.createdAt))
          .limit(most)
          .for("update", { skipLocked: true }),
      ),
    )
    .returning();
}
