// How much of the directory a sync reads, a word both sides share: the run table's column, the
// sync's rounds and the GraphQL enum are built from this one list.

/** FULL re-reads the whole directory and sweeps what it did not see; INCREMENTAL reads the changes since the stored delta links. */
export const SYNC_MODES = ["FULL", "INCREMENTAL"] as const;
export type SyncMode = (typeof SYNC_MODES)[number];
