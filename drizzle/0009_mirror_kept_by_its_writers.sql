-- The mirror's rows keep their integration id without a foreign key (`integrationId` in
-- src/db/schema.ts): a run holds its integration's row, and removal deletes the mirror after it.
ALTER TABLE "app_role_assignments" DROP CONSTRAINT "app_role_assignments_integration_id_integrations_id_fk";
--> statement-breakpoint
ALTER TABLE "directory_groups" DROP CONSTRAINT "directory_groups_integration_id_integrations_id_fk";
--> statement-breakpoint
ALTER TABLE "directory_roles" DROP CONSTRAINT "directory_roles_integration_id_integrations_id_fk";
--> statement-breakpoint
ALTER TABLE "directory_service_principals" DROP CONSTRAINT "directory_service_principals_integration_id_integrations_id_fk";
--> statement-breakpoint
ALTER TABLE "directory_user_emails" DROP CONSTRAINT "directory_user_emails_integration_id_integrations_id_fk";
--> statement-breakpoint
ALTER TABLE "directory_users" DROP CONSTRAINT "directory_users_integration_id_integrations_id_fk";
--> statement-breakpoint
ALTER TABLE "group_memberships" DROP CONSTRAINT "group_memberships_integration_id_integrations_id_fk";
--> statement-breakpoint
ALTER TABLE "role_assignments" DROP CONSTRAINT "role_assignments_integration_id_integrations_id_fk";
--> statement-breakpoint
ALTER TABLE "user_department_history" DROP CONSTRAINT "user_department_history_integration_id_integrations_id_fk";
--> statement-breakpoint
ALTER TABLE "user_sign_ins" DROP CONSTRAINT "user_sign_ins_integration_id_integrations_id_fk";
