ALTER TABLE "integrations" ADD COLUMN "service_principals_delta_link" text;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "service_principals_upserted" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "service_principals_removed" integer DEFAULT 0 NOT NULL;