// API key links: which person or service principal holds each API key id of the organisation.
// Admins link one at a time or import many at once (all or nothing per call).
import { and, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { isStorableText } from "../db/storable-text.js";
import { oneOfKeys } from "../db/text-array.js";
import type { PageRows } from "../db/page-rows.js";
import { apiKeyLinks } from "../db/schema.js";
import { LinkConflictError, LinkInputError, LinkNotFoundError } from "./errors.js";
import type { HolderKind } from "./holder-kind.js";
import { findHolders, requireHolder } from "./holders.js";
import { holderStatusSql, type HolderStatus } from "./holder-status.js";
import { refuseLinkId } from "./secret-shapes.js";

export type ApiKeyLinkRow = typeof apiKeyLinks.$inferSelect;

export interface ApiKeyLinkInput {
  apiKeyId: string;
  holderId: string;
  label?: string | null;
}

export const MAX_IMPORT_ROWS = 10_000;
/** Seven columns a row: an insert of this many stays well under PostgreSQL's 65,535 bind parameters. */
const ROWS_PER_INSERT = 2_000;
const MAX_LABEL = 200;

/** Why an import refused a row. */
export const IMPORT_REFUSALS = ["BAD_ID", "UNKNOWN_HOLDER", "DUPLICATE", "ALREADY_LINKED"] as const;

export type ImportRefusal = (typeof IMPORT_REFUSALS)[number];

export interface ImportRowReport {
  index: number;
  apiKeyId: string;
  holderId: string;
  refusal: ImportRefusal | null;
  message: string | null;
}

export interface ImportReport {
  /** False when any row was refused: then nothing of the call was saved. */
  committed: boolean;
  linked: number;
  refused: number;
  rows: ImportRowReport[];
}

/** Links a key id to its holder; re-linking to the same holder only updates the label. */
export async function linkApiKey(db: Database, orgId: string, linkedBy: string, input: ApiKeyLinkInput): Promise<ApiKeyLinkRow> {
  checkKeyId(input.apiKeyId, "apiKeyId");
  checkLabel(input.label, "label");
  const kind = await requireHolder(db, orgId, input.holderId);
  const [existing] = await db
    .select()
    .from(apiKeyLinks)
    .where(and(eq(apiKeyLinks.orgId, orgId), eq(apiKeyLinks.apiKeyId, input.apiKeyId)));
  if (existing && existing.holderId !== input.holderId) {
    throw new LinkConflictError("This API key id is linked to another identity: unlink it first");
  }
  const [row] = await db
    .insert(apiKeyLinks)
    .values({ orgId, apiKeyId: input.apiKeyId, holderId: input.holderId, holderKind: kind, label: input.label ?? null, linkedBy })
    .onConflictDoUpdate({ target: [apiKeyLinks.orgId, apiKeyLinks.apiKeyId], set: { label: sql`excluded.label` } })
    .returning();
  return row;
}

export async function unlinkApiKey(db: Database, orgId: string, apiKeyId: string): Promise<void> {
  checkKeyId(apiKeyId, "apiKeyId");
  const removed = await db
    .delete(apiKeyLinks)
    .where(and(eq(apiKeyLinks.orgId, orgId), eq(apiKeyLinks.apiKeyId, apiKeyId)))
    .returning({ apiKeyId: apiKeyLinks.apiKeyId });
  if (removed.length === 0) throw new LinkNotFoundError();
}

/**
 * Checks every row, then saves all of them in one transaction, or none when any row is refused.
 * A secret-looking value fails the whole call (it is echoed nowhere, not even in the report).
 */
export async function importApiKeyLinks(
  db: Database,
  orgId: string,
  linkedBy: string,
  rows: ApiKeyLinkInput[],
): Promise<ImportReport> {
  if (rows.length === 0 || rows.length > MAX_IMPORT_ROWS) {
    throw new LinkInputError("rows", `Import between 1 and ${MAX_IMPORT_ROWS} rows at once`);
  }
  rows.forEach((row, index) => {
    if (refuseLinkId(row.apiKeyId, "API key id")?.reason === "LOOKS_LIKE_SECRET") {
      throw new LinkInputError(`rows[${index}].apiKeyId`, `Row ${index + 1} looks like a raw API key: nothing was imported`);
    }
    checkLabel(row.label, `rows[${index}].label`);
  });
  return db.transaction(async (tx) => {
    const holders = await findHolders(tx, orgId, rows.map((row) => row.holderId));
    const existing = await existingHolders(tx, orgId, rows.map((row) => row.apiKeyId));
    const seen = new Set<string>();
    const reports = rows.map((row, index): ImportRowReport => {
      const refuse = (refusal: ImportRefusal, message: string) => ({ ...row, index, refusal, message });
      const badId = refuseLinkId(row.apiKeyId, "API key id");
      if (badId) return refuse("BAD_ID", badId.message);
      if (seen.has(row.apiKeyId)) return refuse("DUPLICATE", "This API key id appears earlier in the same import");
      seen.add(row.apiKeyId);
      if (!holders.has(row.holderId)) return refuse("UNKNOWN_HOLDER", "No user or service principal has this id");
      const holder = existing.get(row.apiKeyId);
      if (holder && holder !== row.holderId) return refuse("ALREADY_LINKED", "Linked to another identity already");
      return { index, apiKeyId: row.apiKeyId, holderId: row.holderId, refusal: null, message: null };
    });
    const refused = reports.filter((report) => report.refusal).length;
    if (refused > 0) return { committed: false, linked: 0, refused, rows: reports };
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await tx
        .insert(apiKeyLinks)
        .values(
          rows.slice(i, i + ROWS_PER_INSERT).map((row) => ({
            orgId,
            apiKeyId: row.apiKeyId,
            holderId: row.holderId,
            holderKind: holders.get(row.holderId)!,
            label: row.label ?? null,
            linkedBy,
          })),
        )
        .onConflictDoUpdate({ target: [apiKeyLinks.orgId, apiKeyLinks.apiKeyId], set: { label: sql`excluded.label` } });
    }
    return { committed: true, linked: rows.length, refused: 0, rows: reports };
  });
}

export interface ApiKeyLinkFilter {
  holderId?: string | null;
  holderKind?: HolderKind | null;
  status?: HolderStatus | null;
}

/** One page of links by key id, after the key id of the last link served. */
export async function pageApiKeyLinks(
  db: Database,
  orgId: string,
  filter: ApiKeyLinkFilter,
  page: { first: number; after: [apiKeyId: string] | null },
): Promise<PageRows<ApiKeyLinkRow>> {
  const status = holderStatusSql(sql`${apiKeyLinks}`);
  const where = and(
    eq(apiKeyLinks.orgId, orgId),
    filter.holderId ? eq(apiKeyLinks.holderId, filter.holderId) : undefined,
    filter.holderKind ? eq(apiKeyLinks.holderKind, filter.holderKind) : undefined,
    filter.status ? sql`${status} = ${filter.status}` : undefined,
  );
  const rows = await db
    .select()
    .from(apiKeyLinks)
    .where(and(where, page.after ? gt(apiKeyLinks.apiKeyId, page.after[0]) : undefined))
    .orderBy(apiKeyLinks.apiKeyId)
    .limit(page.first + 1);
  return {
    rows,
    total: () => db.$count(apiKeyLinks, where),
  };
}

/** Every link of the organisation (the access review reads them whole). */
export function listApiKeyLinks(db: Database, orgId: string): Promise<ApiKeyLinkRow[]> {
  return db.select().from(apiKeyLinks).where(eq(apiKeyLinks.orgId, orgId)).orderBy(apiKeyLinks.apiKeyId);
}

// Private helpers below.

function checkKeyId(apiKeyId: string, field: string): void {
  const refusal = refuseLinkId(apiKeyId, "API key id");
  if (refusal) throw new LinkInputError(field, refusal.message);
}

function checkLabel(label: string | null | undefined, field: string): void {
  if (label != null && label.length > MAX_LABEL) throw new LinkInputError(field, `A label is at most ${MAX_LABEL} characters`);
  if (label != null && !isStorableText(label)) throw new LinkInputError(field, "A label cannot hold U+0000 or half a surrogate pair");
}

async function existingHolders(db: Database, orgId: string, apiKeyIds: string[]): Promise<Map<string, string>> {
  const rows = await db
    .select({ apiKeyId: apiKeyLinks.apiKeyId, holderId: apiKeyLinks.holderId })
    .from(apiKeyLinks)
    .where(and(eq(apiKeyLinks.orgId, orgId), oneOfKeys(apiKeyLinks.apiKeyId, [...new Set(apiKeyIds)])));
  return new Map(rows.map((row) => [row.apiKeyId, row.holderId]));
}
