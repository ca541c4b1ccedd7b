// Directory roles and their holders from Graph to the mirror. Roles have no delta and are few:
// read whole, replaced whole through src/mirror/roles.ts.
import { replaceRoles, type RoleRow } from "../../mirror/roles.js";
import type { GraphClient } from "../graph-client.js";
import { skipWhenDenied } from "./permission-denied.js";
import type { SkippedResource, SyncOptions } from "./types.js";

/** A directory role as `/directoryRoles` lists it (only roles activated in the tenant are listed). */
interface DirectoryRoleItem {
  id: string;
  displayName: string;
  roleTemplateId: string;
}

export const DIRECTORY_ROLES = "/v1.0/directoryRoles?$select=id,displayName,roleTemplateId";

/** Replaces the mirror's roles with what Graph lists, unless the app may not read them. */
export async function syncDirectoryRoles(options: SyncOptions, skipped: SkippedResource[]): Promise<void> {
  const roles = await skipWhenDenied("directoryRoles", skipped, () => readRoles(options.graph));
  if (roles) await replaceRoles(options.db, options.integrationId, roles);
}

async function readRoles(graph: GraphClient): Promise<RoleRow[]> {
  const roles: RoleRow[] = [];
  for await (const page of graph.pages<DirectoryRoleItem>(DIRECTORY_ROLES)) {
    for (const role of page.value) {
      const memberIds: string[] = [];
      for await (const members of graph.pages<{ id: string }>(
        `/v1.0/directoryRoles/${encodeURIComponent(role.id)}/members?$select=id`,
      )) {
        memberIds.push(...members.value.map((member) => member.id));
      }
      roles.push({ ...role, memberIds });
    }
  }
  return roles;
}
