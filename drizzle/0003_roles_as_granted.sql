ALTER TABLE "role_assignments" DROP CONSTRAINT "role_assignments_integration_id_role_id_principal_id_pk";--> statement-breakpoint
ALTER TABLE "role_assignments" ADD COLUMN "state" text DEFAULT 'ACTIVE' NOT NULL;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD COLUMN "directory_scope_id" text DEFAULT '/' NOT NULL;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD COLUMN "ends_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "role_assignments_grant_idx" ON "role_assignments" USING btree ("integration_id","role_id","principal_id","state","directory_scope_id");