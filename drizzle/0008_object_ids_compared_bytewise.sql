-- Object ids compared byte by byte (`C` collation; `objectId` in src/db/schema.ts). Written by hand
-- from drizzle-kit's output: one ALTER TABLE per table, so that each index over these columns is
-- rebuilt once. Only the collation changes, so no table is rewritten, but those indexes are rebuilt
-- under an exclusive lock on their table (docs/operations.md, Upgrading).
ALTER TABLE "ai_applications" ALTER COLUMN "app_id" SET DATA TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "api_key_links" ALTER COLUMN "holder_id" SET DATA TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "app_role_assignments"
  ALTER COLUMN "id" SET DATA TYPE text COLLATE "C",
  ALTER COLUMN "resource_id" SET DATA TYPE text COLLATE "C",
  ALTER COLUMN "principal_id" SET DATA TYPE text COLLATE "C",
  ALTER COLUMN "app_role_id" SET DATA TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "directory_groups" ALTER COLUMN "id" SET DATA TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "directory_roles"
  ALTER COLUMN "id" SET DATA TYPE text COLLATE "C",
  ALTER COLUMN "role_template_id" SET DATA TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "directory_service_principals"
  ALTER COLUMN "id" SET DATA TYPE text COLLATE "C",
  ALTER COLUMN "app_id" SET DATA TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "directory_user_emails" ALTER COLUMN "user_id" SET DATA TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "directory_users"
  ALTER COLUMN "id" SET DATA TYPE text COLLATE "C",
  ALTER COLUMN "manager_id" SET DATA TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "group_memberships"
  ALTER COLUMN "group_id" SET DATA TYPE text COLLATE "C",
  ALTER COLUMN "member_id" SET DATA TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "role_assignments"
  ALTER COLUMN "role_id" SET DATA TYPE text COLLATE "C",
  ALTER COLUMN "principal_id" SET DATA TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "session_links" ALTER COLUMN "holder_id" SET DATA TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "user_department_history" ALTER COLUMN "user_id" SET DATA TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "user_sign_ins" ALTER COLUMN "user_id" SET DATA TYPE text COLLATE "C";
