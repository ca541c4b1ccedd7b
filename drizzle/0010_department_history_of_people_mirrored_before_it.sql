-- People mirrored before departments had a history (0001_links_and_service_principals) have no
-- row of it: a trace's department at a given time was unknown for them, and once their department
-- changed every earlier trace was given the new one. The department the mirror holds is the best
-- known for all the time before: a row "since before the first sync" (valid_from null), as a first
-- sync writes for everyone it sees (src/mirror/department-history.ts).
INSERT INTO "user_department_history" ("integration_id", "user_id", "valid_from", "department")
SELECT u."integration_id", u."id", NULL, u."department"
  FROM "directory_users" u
 WHERE NOT EXISTS (
   SELECT 1 FROM "user_department_history" h
    WHERE h."integration_id" = u."integration_id" AND h."user_id" = u."id"
 );
