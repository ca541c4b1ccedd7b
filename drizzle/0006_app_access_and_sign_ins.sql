CREATE TABLE "ai_applications" (
	"org_id" text NOT NULL,
	"app_id" text NOT NULL,
	"marked_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_applications_org_id_app_id_pk" PRIMARY KEY("org_id","app_id")
);
--> statement-breakpoint
CREATE TABLE "app_role_assignments" (
	"integration_id" uuid NOT NULL,
	"id" text NOT NULL,
	"resource_id" text NOT NULL,
	"principal_id" text NOT NULL,
	"principal_type" text NOT NULL,
	"principal_display_name" text,
	"app_role_id" text NOT NULL,
	"app_role_name" text,
	CONSTRAINT "app_role_assignments_integration_id_id_pk" PRIMARY KEY("integration_id","id")
);
--> statement-breakpoint
CREATE TABLE "user_sign_ins" (
	"integration_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	"read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "user_sign_ins_integration_id_user_id_pk" PRIMARY KEY("integration_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "app_role_assignments" ADD CONSTRAINT "app_role_assignments_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_sign_ins" ADD CONSTRAINT "user_sign_ins_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "app_role_assignments_principal_idx" ON "app_role_assignments" USING btree ("integration_id","principal_id");--> statement-breakpoint
CREATE INDEX "app_role_assignments_resource_idx" ON "app_role_assignments" USING btree ("integration_id","resource_id","principal_display_name","id");