// The per-request loaders: made fresh for each request, scoped to the caller's organisation.
import type { Database } from "../db/client.js";
import {
  aiApplicationLoader,
  appAssignmentsLoader,
  applicationAssignmentCountLoader,
  applicationAssignmentPagesLoader,
} from "./app-assignments.js";
import { observeBatches, type BatchObserver } from "./batch.js";
import { departmentAtLoader } from "./department-history.js";
import { departmentUserCountLoader } from "./departments.js";
import { directGroupsLoader, groupByIdLoader, memberCountLoader, transitiveGroupsLoader } from "./groups.js";
import { integrationFreshnessLoader } from "./integration-freshness.js";
import { apiKeyLinkByKeyLoader, sessionLinkByIdLoader } from "./links.js";
import { roleAssignmentsLoader } from "./role-assignments.js";
import { servicePrincipalByAppIdLoader, servicePrincipalByIdLoader } from "./service-principals.js";
import { signInsLoader } from "./sign-ins.js";
import { latestRunLoader } from "./sync-runs.js";
import { departmentUserPagesLoader, groupMemberPagesLoader, groupMemberUserCountLoader } from "./user-pages.js";
import { directReportsLoader, userByEmailLoader, userByIdLoader } from "./users.js";

export function createLoaders(db: Database, orgId: string, observe?: BatchObserver) {
  const loaders = observeBatches(observe, () => ({
    userByEmail: userByEmailLoader(db, orgId),
    userById: userByIdLoader(db, orgId),
    directReports: directReportsLoader(db, orgId),
    directGroups: directGroupsLoader(db, orgId),
    transitiveGroups: transitiveGroupsLoader(db, orgId),
    groupById: groupByIdLoader(db, orgId),
    memberCount: memberCountLoader(db, orgId),
    groupMemberPages: groupMemberPagesLoader(db, orgId),
    groupMemberUserCount: groupMemberUserCountLoader(db, orgId),
    roleAssignments: roleAssignmentsLoader(db, orgId),
    departmentUserCount: departmentUserCountLoader(db, orgId),
    departmentUserPages: departmentUserPagesLoader(db, orgId),
    departmentAt: departmentAtLoader(db, orgId),
    apiKeyLinkByKey: apiKeyLinkByKeyLoader(db, orgId),
    sessionLinkById: sessionLinkByIdLoader(db, orgId),
    servicePrincipalById: servicePrincipalByIdLoader(db, orgId),
    servicePrincipalByAppId: servicePrincipalByAppIdLoader(db, orgId),
    latestRun: latestRunLoader(db, orgId),
    integrationFreshness: integrationFreshnessLoader(db, orgId),
    appAssignments: appAssignmentsLoader(db, orgId),
    applicationAssignmentPages: applicationAssignmentPagesLoader(db, orgId),
    applicationAssignmentCount: applicationAssignmentCountLoader(db, orgId),
    aiApplication: aiApplicationLoader(db, orgId),
    signIns: signInsLoader(db, orgId),
  }));
  // Named after their keys here, so batch metrics say which loader without each file knowing.
  for (const [name, loader] of Object.entries(loaders)) loader.name = name;
  return loaders;
}

export type Loaders = ReturnType<typeof createLoaders>;
