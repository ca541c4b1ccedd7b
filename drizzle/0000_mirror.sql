CREATE TABLE "directory_groups" (
	"integration_id" uuid NOT NULL,
	"id" text NOT NULL,
	"display_name" text NOT NULL,
	"mail" text,
	"description" text,
	"group_types" text[] DEFAULT '{}' NOT NULL,
	"mail_enabled" boolean DEFAULT false NOT NULL,
	"security_enabled" boolean DEFAULT false NOT NULL,
	"kind" text NOT NULL,
	"seen_in_run" uuid,
	CONSTRAINT "directory_groups_integration_id_id_pk" PRIMARY KEY("integration_id","id")
);
--> statement-breakpoint
CREATE TABLE "directory_roles" (
	"integration_id" uuid NOT NULL,
	"id" text NOT NULL,
	"display_name" text NOT NULL,
	"role_template_id" text NOT NULL,
	CONSTRAINT "directory_roles_integration_id_id_pk" PRIMARY KEY("integration_id","id")
);
--> statement-breakpoint
CREATE TABLE "directory_user_emails" (
	"integration_id" uuid NOT NULL,
	"address" text NOT NULL,
	"user_id" text NOT NULL,
	"rank" integer NOT NULL,
	CONSTRAINT "directory_user_emails_integration_id_address_user_id_pk" PRIMARY KEY("integration_id","address","user_id")
);
--> statement-breakpoint
CREATE TABLE "directory_users" (
	"integration_id" uuid NOT NULL,
	"id" text NOT NULL,
	"display_name" text,
	"mail" text,
	"user_principal_name" text NOT NULL,
	"job_title" text,
	"department" text,
	"account_enabled" boolean DEFAULT true NOT NULL,
	"user_type" text,
	"other_mails" text[] DEFAULT '{}' NOT NULL,
	"proxy_addresses" text[] DEFAULT '{}' NOT NULL,
	"manager_id" text,
	"deleted_at" timestamp with time zone,
	"seen_in_run" uuid,
	CONSTRAINT "directory_users_integration_id_id_pk" PRIMARY KEY("integration_id","id")
);
--> statement-breakpoint
CREATE TABLE "group_memberships" (
	"integration_id" uuid NOT NULL,
	"group_id" text NOT NULL,
	"member_id" text NOT NULL,
	"member_type" text NOT NULL,
	"seen_in_run" uuid,
	CONSTRAINT "group_memberships_integration_id_group_id_member_id_pk" PRIMARY KEY("integration_id","group_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "integrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"tenant_id" text NOT NULL,
	"directory_tenant_id" text,
	"client_id" text NOT NULL,
	"cloud" text DEFAULT 'GLOBAL' NOT NULL,
	"sealed_secret" text NOT NULL,
	"secret_hint" text NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"status_error" jsonb,
	"permissions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sync_interval_minutes" integer,
	"users_delta_link" text,
	"groups_delta_link" text,
	"next_sync_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_assignments" (
	"integration_id" uuid NOT NULL,
	"role_id" text NOT NULL,
	"principal_id" text NOT NULL,
	CONSTRAINT "role_assignments_integration_id_role_id_principal_id_pk" PRIMARY KEY("integration_id","role_id","principal_id")
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"integration_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"status" text DEFAULT 'RUNNING' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"users_upserted" integer DEFAULT 0 NOT NULL,
	"users_removed" integer DEFAULT 0 NOT NULL,
	"groups_upserted" integer DEFAULT 0 NOT NULL,
	"groups_removed" integer DEFAULT 0 NOT NULL,
	"memberships_changed" integer DEFAULT 0 NOT NULL,
	"graph_requests" integer DEFAULT 0 NOT NULL,
	"error" jsonb
);
--> statement-breakpoint
ALTER TABLE "directory_groups" ADD CONSTRAINT "directory_groups_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_roles" ADD CONSTRAINT "directory_roles_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_user_emails" ADD CONSTRAINT "directory_user_emails_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_users" ADD CONSTRAINT "directory_users_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_memberships" ADD CONSTRAINT "group_memberships_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_groups_name_idx" ON "directory_groups" USING btree ("integration_id","display_name","id");--> statement-breakpoint
CREATE INDEX "directory_user_emails_user_idx" ON "directory_user_emails" USING btree ("integration_id","user_id");--> statement-breakpoint
CREATE INDEX "directory_users_manager_idx" ON "directory_users" USING btree ("integration_id","manager_id");--> statement-breakpoint
CREATE INDEX "directory_users_department_idx" ON "directory_users" USING btree ("integration_id","department");--> statement-breakpoint
CREATE INDEX "directory_users_name_idx" ON "directory_users" USING btree ("integration_id","display_name","id");--> statement-breakpoint
CREATE INDEX "group_memberships_member_idx" ON "group_memberships" USING btree ("integration_id","member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "integrations_org_tenant_idx" ON "integrations" USING btree ("org_id",lower("tenant_id"));--> statement-breakpoint
CREATE UNIQUE INDEX "integrations_org_directory_tenant_idx" ON "integrations" USING btree ("org_id","directory_tenant_id");--> statement-breakpoint
CREATE INDEX "integrations_next_sync_idx" ON "integrations" USING btree ("next_sync_at");--> statement-breakpoint
CREATE INDEX "role_assignments_principal_idx" ON "role_assignments" USING btree ("integration_id","principal_id");--> statement-breakpoint
CREATE INDEX "sync_runs_integration_idx" ON "sync_runs" USING btree ("integration_id","started_at");