// The fewest Graph requests a sync can make: every item of each delta round must be served, at
// most `pageSize` per page; role assignments and eligibilities a whole list each (and the role
// definitions on a full run); the owners of each service principal the round lists (all of them
// on a full run, the changed ones after), one page each, 20 to a `$batch`; a full run ends with
// the directory's deleted users, 999 a page; every run lists the enterprise applications, 999 a
// page, and reads their assignments 20 lists a JSON batch; a full run reads users' sign-in
// activity, 500 a page (an incremental run the same day does not).
// The emulator serves a round's items in a perturbed order with about 2% repeats, as Graph may;
// repeats are not counted here, so a client that follows the paging exactly lands ~2% above.
import { MAX_BATCH_REQUESTS } from "../../src/entra/graph-batch.js";
import { GROUPS_DELTA } from "../../src/entra/sync/groups.js";
import { SERVICE_PRINCIPALS_DELTA } from "../../src/entra/sync/service-principals.js";
import { USERS_DELTA } from "../../src/entra/sync/users.js";
import { groupsDelta, servicePrincipalsDelta, usersDelta } from "../emulator/delta.js";
import type { Json } from "../emulator/paging.js";
import { GROUP_SCHEMA, parseSelect, SERVICE_PRINCIPAL_SCHEMA, USER_SCHEMA, type Schema, type Selection } from "../emulator/selection.js";
import type { Tenant } from "../emulator/tenant.js";
import { ENTERPRISE_APP_TAG } from "../emulator/app-role-assignments.js";
import { MAX_SIGN_IN_PAGE } from "../emulator/sign-in-activity.js";

export interface GraphMinimum {
  userItems: number;
  groupItems: number;
  servicePrincipalItems: number;
  requests: number;
}

function selectionOf(deltaPath: string, schema: Schema): Selection {
  const raw = new URL(deltaPath, "https://graph.invalid").searchParams.get("$select");
  const select = parseSelect(raw, schema, true);
  if ("error" in select) throw new Error(select.error);
  return select;
}

/** `sinceSeq`: the tenant's change count when the last round ended; null for a full round. */
export function minimumGraphRequests(
  tenant: Tenant,
  sinceSeq: number | null,
  pageSize: number,
  memberPageSize: number,
): GraphMinimum {
  const userItems = usersDelta(tenant, selectionOf(USERS_DELTA, USER_SCHEMA), sinceSeq).count;
  const groupItems = groupsDelta(tenant, selectionOf(GROUPS_DELTA, GROUP_SCHEMA), sinceSeq, memberPageSize).count;
  const pages = (items: number) => Math.max(1, Math.ceil(items / pageSize));
  const { roleManagement } = tenant;
  const rolePages =
    pages(roleManagement.assignments.length) +
    pages(roleManagement.eligibilities.length) +
    (sinceSeq === null ? pages(roleManagement.definitions.length) : 0);
  const deletedUserPages = sinceSeq === null ? Math.max(1, Math.ceil(tenant.deletedUsers.length / 999)) : 0;
  const principals = servicePrincipalsDelta(tenant, selectionOf(SERVICE_PRINCIPALS_DELTA, SERVICE_PRINCIPAL_SCHEMA), sinceSeq);
  const ownerLists = Array.from({ length: principals.count }, (_, i) => principals.item(i)).filter((item: Json) => !item["@removed"]).length;
  const servicePrincipalPages = pages(principals.count) + Math.ceil(ownerLists / MAX_BATCH_REQUESTS);
  const enterpriseApps = tenant.servicePrincipals.filter((sp) => sp.tags.includes(ENTERPRISE_APP_TAG)).length;
  const appAssignmentRequests = Math.max(1, Math.ceil(enterpriseApps / 999)) + Math.ceil(enterpriseApps / MAX_BATCH_REQUESTS);
  const signInPages = sinceSeq === null ? Math.max(1, Math.ceil(tenant.users.length / MAX_SIGN_IN_PAGE)) : 0;
  return {
    userItems,
    groupItems,
    servicePrincipalItems: principals.count,
    requests:
      pages(userItems) + pages(groupItems) + rolePages + deletedUserPages + servicePrincipalPages + appAssignmentRequests + signInPages,
  };
}
