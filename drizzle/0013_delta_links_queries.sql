ALTER TABLE "integrations" ADD COLUMN "delta_links_queries" text;--> statement-breakpoint
-- The links stored so far were made by these queries (unchanged since the first release): they
-- are kept, and only a release that changes a query reads its resource whole again.
UPDATE "integrations" SET "delta_links_queries" = '/v1.0/users/delta?$select=id,displayName,mail,userPrincipalName,jobTitle,department,accountEnabled,userType,otherMails,proxyAddresses,manager /v1.0/groups/delta?$select=id,displayName,mail,description,groupTypes,mailEnabled,securityEnabled,members /v1.0/servicePrincipals/delta?$select=id,appId,displayName,servicePrincipalType,accountEnabled'
 WHERE "users_delta_link" IS NOT NULL OR "groups_delta_link" IS NOT NULL OR "service_principals_delta_link" IS NOT NULL;
