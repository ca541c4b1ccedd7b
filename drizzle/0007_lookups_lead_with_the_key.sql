DROP INDEX "app_role_assignments_principal_idx";--> statement-breakpoint
DROP INDEX "group_memberships_member_idx";--> statement-breakpoint
DROP INDEX "role_assignments_principal_idx";--> statement-breakpoint
ALTER TABLE "directory_user_emails" DROP CONSTRAINT "directory_user_emails_integration_id_address_user_id_pk";--> statement-breakpoint
ALTER TABLE "directory_users" DROP CONSTRAINT "directory_users_integration_id_id_pk";--> statement-breakpoint
ALTER TABLE "directory_user_emails" ADD CONSTRAINT "directory_user_emails_address_integration_id_user_id_pk" PRIMARY KEY("address","integration_id","user_id");--> statement-breakpoint
ALTER TABLE "directory_users" ADD CONSTRAINT "directory_users_id_integration_id_pk" PRIMARY KEY("id","integration_id");--> statement-breakpoint
CREATE INDEX "app_role_assignments_principal_idx" ON "app_role_assignments" USING btree ("principal_id","integration_id");--> statement-breakpoint
CREATE INDEX "group_memberships_member_idx" ON "group_memberships" USING btree ("member_id","integration_id");--> statement-breakpoint
CREATE INDEX "role_assignments_principal_idx" ON "role_assignments" USING btree ("principal_id","integration_id");