// The states of one sync run: RUNNING until its end is recorded (src/integrations/runs.ts).
// INTERRUPTED: the process running it died or shut down first; nothing of it was applied.

export const SYNC_STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "INTERRUPTED"] as const;

export type SyncStatus = (typeof SYNC_STATUSES)[number];
