// The per-request loaders: made fresh for each request, scoped to the caller's organisation.
import type { Database } from "../db/client.js";
import { departmentUserCountLoader } from "./departments.js";
import { directGroupsLoader, groupByIdLoader, memberCountLoader, transitiveGroupsLoader } from "./groups.js";
import { rolesLoader } from "./roles.js";
import { directReportsLoader, userByEmailLoader, userByIdLoader } from "./users.js";

export function createLoaders(db: Database, orgId: string) {
  return {
    userByEmail: userByEmailLoader(db, orgId),
    userById: userByIdLoader(db, orgId),
    directReports: directReportsLoader(db, orgId),
    directGroups: directGroupsLoader(db, orgId),
    transitiveGroups: transitiveGroupsLoader(db, orgId),
    groupById: groupByIdLoader(db, orgId),
    memberCount: memberCountLoader(db, orgId),
    roles: rolesLoader(db, orgId),
    departmentUserCount: departmentUserCountLoader(db, orgId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
