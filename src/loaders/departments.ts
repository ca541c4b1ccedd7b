// Department lookups: a department is the set of people whose `department` names it.
import { and, count, isNull } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { directoryUsers } from "../db/schema.js";
import { oneOfKeys } from "../db/text-array.js";
import { batchLoader } from "./batch.js";
import { inOrganisation } from "./scope.js";

/** Department name -> how many people (not deleted) are in it. */
export function departmentUserCountLoader(db: Database, orgId: string) {
  return batchLoader<string, { name: string | null; users: number }, number>(
    (names) =>
      db
        .select({ name: directoryUsers.department, users: count() })
        .from(directoryUsers)
        .where(
          and(
            inOrganisation(db, directoryUsers.integrationId, orgId),
            oneOfKeys(directoryUsers.department, names),
            isNull(directoryUsers.deletedAt),
          ),
        )
        .groupBy(directoryUsers.department),
    (row) => row.name!,
    () => 0,
    (row) => Number(row.users),
  );
}
