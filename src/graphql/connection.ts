// Cursor connections, the one way every list of this API pages: `edges { cursor node }`,
// `pageInfo { hasNextPage endCursor }` and `totalCount`.
//
// Pages are keyset scans: a cursor holds the ordering key of the last row served, so a page is
// as cheap on page 1,000 as on page 1 and stable while the mirror changes underneath. Cursors
// are opaque to clients: the key and the name of its ordering, in base64url JSON. A cursor that
// is malformed, or made by another connection, is the caller's mistake (BAD_USER_INPUT on `after`).
import { Field, Int, ObjectType, type ClassType } from "type-graphql";
import type { PageRows } from "../db/page-rows.js";
import { isStorableText } from "../db/storable-text.js";
import { badUserInput } from "./errors.js";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** How a connection's rows are ordered: the key of a row, named so its cursors are told apart. */
export interface Keyset<T, K extends string[]> {
  readonly name: string;
  readonly keyOf: (row: T) => K;
  /** How many parts the key has. */
  readonly size: K["length"];
}

/** `first` and `after` as a page query takes them: checked, and the cursor decoded. */
export interface PageArgs<K extends string[]> {
  first: number;
  after: K | null;
}

/**
 * The root of a connection field. `totalCount` is a function: graphql-js's default resolver calls
 * it only when the query selects the field, so an unselected total costs no statement.
 */
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: () => Promise<number>;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/** The GraphQL types `${name}Edge` and `${name}Connection` of a node type. */
export function connectionType<T extends object>(name: string, node: () => ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor: string;

    @Field(node)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    // Simple: no resolver of type-graphql's, so graphql-js calls the root's totalCount().
    @Field(() => Int, { simple: true, description: "Matches of the filter, across all pages." })
    totalCount: number;
  }
  return ConnectionType;
}

/** Checks `first` and decodes `after` for a page query of `keyset`. */
export function pageArgs<T, K extends string[]>(
  keyset: Keyset<T, K>,
  first: number | null | undefined,
  after: string | null | undefined,
): PageArgs<K> {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badUserInput("first", `first must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  return { first: size, after: after ? decodeCursor(keyset, after) : null };
}

/** The connection of a page: its first `args.first` rows, each with its cursor. */
export function connection<T, K extends string[]>(keyset: Keyset<T, K>, args: PageArgs<K>, page: PageRows<T>): Connection<T> {
  const edges = page.rows.slice(0, args.first).map((node) => ({ cursor: encodeCursor(keyset, node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: page.rows.length > args.first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: page.total,
  };
}

// Private helpers below.

function encodeCursor<T, K extends string[]>(keyset: Keyset<T, K>, row: T): string {
  return Buffer.from(JSON.stringify([keyset.name, ...keyset.keyOf(row)])).toString("base64url");
}

function decodeCursor<T, K extends string[]>(keyset: Keyset<T, K>, cursor: string): K {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    // Not JSON: not a cursor of ours, refused below.
  }
  if (Array.isArray(parts) && parts[0] === keyset.name) {
    const key = parts.slice(1);
    if (isKey(keyset, key)) return key;
  }
  throw badUserInput("after", "after is not a cursor this connection returned");
}

/**
 * A cursor's key holds names and ids PostgreSQL stored, so never what its text refuses (a NUL, half
 * of a surrogate pair): a key holding one was made up, and would fail the statement it goes into.
 */
function isKey<K extends string[]>(keyset: Keyset<never, K>, parts: unknown[]): parts is K {
  return parts.length === keyset.size && parts.every((part) => typeof part === "string" && isStorableText(part));
}

