CREATE TABLE "api_key_links" (
	"org_id" text NOT NULL,
	"api_key_id" text NOT NULL,
	"holder_id" text NOT NULL,
	"holder_kind" text NOT NULL,
	"label" text,
	"linked_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_key_links_org_id_api_key_id_pk" PRIMARY KEY("org_id","api_key_id")
);
--> statement-breakpoint
CREATE TABLE "directory_service_principals" (
	"integration_id" uuid NOT NULL,
	"id" text NOT NULL,
	"app_id" text,
	"display_name" text,
	"service_principal_type" text,
	"account_enabled" boolean DEFAULT true NOT NULL,
	"owner_ids" text[] DEFAULT '{}' NOT NULL,
	"seen_in_run" uuid,
	CONSTRAINT "directory_service_principals_integration_id_id_pk" PRIMARY KEY("integration_id","id")
);
--> statement-breakpoint
CREATE TABLE "session_links" (
	"org_id" text NOT NULL,
	"session_id" text NOT NULL,
	"holder_id" text NOT NULL,
	"holder_kind" text NOT NULL,
	"expires_at" timestamp with time zone,
	"linked_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_links_org_id_session_id_pk" PRIMARY KEY("org_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "user_department_history" (
	"integration_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"valid_from" timestamp with time zone,
	"department" text
);
--> statement-breakpoint
ALTER TABLE "directory_service_principals" ADD CONSTRAINT "directory_service_principals_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_department_history" ADD CONSTRAINT "user_department_history_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_key_links_holder_idx" ON "api_key_links" USING btree ("org_id","holder_id");--> statement-breakpoint
CREATE INDEX "directory_service_principals_name_idx" ON "directory_service_principals" USING btree ("integration_id","display_name","id");--> statement-breakpoint
CREATE INDEX "session_links_holder_idx" ON "session_links" USING btree ("org_id","holder_id");--> statement-breakpoint
CREATE INDEX "user_department_history_user_idx" ON "user_department_history" USING btree ("integration_id","user_id","valid_from");