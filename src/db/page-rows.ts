// A page of rows as a keyset query answers it, whatever the table: the GraphQL connections
// (src/graphql/connection.ts) are built from it.

export interface PageRows<T> {
  /** Up to `first + 1` rows: the extra one only says that another page follows. */
  rows: T[];
  /** Matches across all pages, counted only when called. */
  total: () => Promise<number>;
}
