-- Credential kinds: an integration's credential is one sealed document of any kind, with its kind,
-- hint and expiry in clear columns. Written by hand: existing integrations keep their client secret
-- as it is sealed. A v1 sealed value is a client secret sealed alone, which
-- src/integrations/sealed-credential.ts opens as a CLIENT_SECRET credential, and its hint is the
-- secret hint it had; its expiry was never asked, so it stays unknown.
ALTER TABLE "integrations" RENAME COLUMN "sealed_secret" TO "sealed_credential";--> statement-breakpoint
ALTER TABLE "integrations" RENAME COLUMN "secret_hint" TO "credential_hint";--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "credential_kind" text DEFAULT 'CLIENT_SECRET' NOT NULL;--> statement-breakpoint
ALTER TABLE "integrations" ALTER COLUMN "credential_kind" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "credential_expires_at" timestamp with time zone;
