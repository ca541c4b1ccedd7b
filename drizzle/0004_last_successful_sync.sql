ALTER TABLE "integrations" ADD COLUMN "last_successful_sync_at" timestamp with time zone;--> statement-breakpoint
-- Integrations synced before this column existed: their latest successful run says when.
UPDATE "integrations" SET "last_successful_sync_at" = (
  SELECT max("finished_at") FROM "sync_runs"
  WHERE "sync_runs"."integration_id" = "integrations"."id" AND "sync_runs"."status" = 'SUCCEEDED'
);
