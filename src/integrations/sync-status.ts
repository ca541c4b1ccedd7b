// The states of one sync run: RUNNING until its end is recorded (src/integrations/runs.ts).

export const SYNC_STATUSES = ["RUNNING", "SUCCEEDED", "FAILED"] as const;

export type SyncStatus = (typeof SYNC_STATUSES)[number];
