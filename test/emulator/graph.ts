// Microsoft Graph v1.0, the part a directory sync reads: users, groups, service principals, their
// deltas, directory roles, role management's assignments, the directory's deleted users, who is
// assigned to each application, and users' sign-in activity.
import type { AccessTokens, GraphCaller } from "./access-token.js";
import { groupsDelta, servicePrincipalsDelta, usersDelta } from "./delta.js";
import { sendGraphError, sendJson, type Exchange } from "./http.js";
import type { DeltaResource, ItemSource, Paging } from "./paging.js";
import { ROLE_MANAGEMENT_LISTS, sendLicenceRequired } from "./role-management-lists.js";
import {
  GROUP_SCHEMA,
  parseSelect,
  pick,
  ROLE_SCHEMA,
  SERVICE_PRINCIPAL_SCHEMA,
  USER_SCHEMA,
  type Schema,
  type Selection,
} from "./selection.js";
import { ownerItems, SERVICE_PRINCIPAL_READ } from "./service-principals.js";
import { APP_ROLE_ASSIGNMENT_SCHEMA } from "./app-role-assignments.js";
import { AUDIT_LOG_READ, MAX_SIGN_IN_PAGE, sendPremiumRequired } from "./sign-in-activity.js";
import type { Tenant } from "./tenant.js";
import type { TenantLookup } from "./token-endpoint.js";
import type { User } from "./types.js";

export interface GraphOptions {
  readonly baseUrl: string;
  readonly tenants: TenantLookup;
  readonly tokens: AccessTokens;
  readonly paging: Paging;
  /** Items per delta page. */
  readonly pageSize: number;
  /** Most members one `members@delta` item carries before the group is split. */
  readonly memberPageSize: number;
}

// Application permissions that grant each read; any one suffices.
const USER_READ = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
const GROUP_READ = [
  "Group.Read.All",
  "Group.ReadWrite.All",
  "GroupMember.Read.All",
  "GroupMember.ReadWrite.All",
  "Directory.Read.All",
  "Directory.ReadWrite.All",
];
const ROLE_READ = [
  "Directory.Read.All",
  "Directory.ReadWrite.All",
  "RoleManagement.Read.Directory",
  "RoleManagement.ReadWrite.Directory",
  "RoleManagement.Read.All",
];

const DEFAULT_LIST_PAGE = 100;
const MAX_LIST_PAGE = 999;

export async function handleGraph(ex: Exchange, options: GraphOptions): Promise<void> {
  const signedIn = await signIn(ex, options);
  if (!signedIn) return;
  const { caller, tenant } = signedIn;
  if (ex.req.method !== "GET") {
    sendGraphError(ex, 405, "Request_BadRequest", `The HTTP method '${ex.req.method}' is not allowed for this resource.`);
    return;
  }
  const segments = ex.url.pathname.split("/").filter(Boolean).slice(1).map(decodeURIComponent);
  const route = segments.join("/");
  if (route === "users" && /\bsignInActivity\b/i.test(ex.url.searchParams.get("$select") ?? "")) {
    // Sign-in activity needs its own permission besides a user read, and a premium licence.
    if (!allowed(ex, caller, USER_READ) || !allowed(ex, caller, AUDIT_LOG_READ)) return;
    if (!tenant.signInActivity.entraIdP1) return sendPremiumRequired(ex);
    list(ex, options, tenant, USER_SCHEMA, (select) => tenant.signInActivity.items(tenant.users, select), { maxPageSize: MAX_SIGN_IN_PAGE });
  } else if (route === "users" || route === "groups") {
    const schema = route === "users" ? USER_SCHEMA : GROUP_SCHEMA;
    if (!allowed(ex, caller, route === "users" ? USER_READ : GROUP_READ)) return;
    const objects: readonly object[] = route === "users" ? tenant.users : tenant.groups;
    list(ex, options, tenant, schema, (select) => objectItems(objects, select, schema, null));
  } else if (route === "users/delta" || route === "groups/delta") {
    if (!allowed(ex, caller, route === "users/delta" ? USER_READ : GROUP_READ)) return;
    delta(ex, options, tenant, route === "users/delta" ? "users" : "groups");
  } else if (route === "directoryRoles") {
    if (!allowed(ex, caller, ROLE_READ)) return;
    list(ex, options, tenant, ROLE_SCHEMA, (select) => objectItems(tenant.roles, select, ROLE_SCHEMA, null));
  } else if (segments.length === 3 && segments[0] === "directoryRoles" && segments[2] === "members") {
    if (!allowed(ex, caller, ROLE_READ)) return;
    const role = tenant.role(segments[1] as string);
    if (!role) {
      sendGraphError(
        ex,
        404,
        "Request_ResourceNotFound",
        `Resource '${segments[1]}' does not exist or one of its queried reference-property objects are not present.`,
      );
      return;
    }
    const members = role.members.map((id) => tenant.user(id)).filter((u): u is User => u !== undefined);
    list(ex, options, tenant, USER_SCHEMA, (select) => ({
      count: members.length,
      item: (i) => ({ "@odata.type": "#microsoft.graph.user", ...pick(members[i] as User, select.properties, USER_SCHEMA) }),
    }));
  } else if (ROLE_MANAGEMENT_LISTS[route]) {
    const served = ROLE_MANAGEMENT_LISTS[route];
    if (!allowed(ex, caller, served.permissions)) return;
    if (served.needsEntraIdP2 && !tenant.roleManagement.entraIdP2) return sendLicenceRequired(ex);
    // Graph picks these lists' page size; the emulator's delta page size makes tests cross pages.
    list(ex, options, tenant, served.schema, (select, filter) => objectItems(served.objects(tenant), select, served.schema, filter), {
      pageSize: options.pageSize,
      filterable: served.filterable,
    });
  } else if (route.toLowerCase() === "directory/deleteditems/microsoft.graph.user") {
    // Soft-deleted users, restorable for 30 days; permanently deleted ones are not listed.
    if (!allowed(ex, caller, USER_READ)) return;
    list(ex, options, tenant, USER_SCHEMA, (select) => objectItems(tenant.deletedUsers, select, USER_SCHEMA, null));
  } else if (route === "servicePrincipals") {
    if (!allowed(ex, caller, SERVICE_PRINCIPAL_READ)) return;
    list(ex, options, tenant, SERVICE_PRINCIPAL_SCHEMA, (select, filter) => objectItems(tenant.servicePrincipals, select, SERVICE_PRINCIPAL_SCHEMA, filter), {
      filterable: ["appId", "tags"],
    });
  } else if (route === "servicePrincipals/delta") {
    if (!allowed(ex, caller, SERVICE_PRINCIPAL_READ)) return;
    delta(ex, options, tenant, "servicePrincipals");
  } else if (segments.length === 3 && segments[0] === "servicePrincipals" && ["owners", "appRoleAssignedTo"].includes(segments[2] as string)) {
    if (!allowed(ex, caller, SERVICE_PRINCIPAL_READ)) return;
    const id = segments[1] as string;
    if (!tenant.servicePrincipal(id)) {
      sendGraphError(ex, 404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
      return;
    }
    if (segments[2] === "owners") list(ex, options, tenant, USER_SCHEMA, (select) => ownerItems(tenant, id, select.properties));
    else list(ex, options, tenant, APP_ROLE_ASSIGNMENT_SCHEMA, (select) => tenant.appRoleAssignments.assignedTo(id, tenant.assignmentParties, select));
  } else {
    sendGraphError(ex, 400, "BadRequest", `Resource not found for the segment '${segments.at(-1) ?? ""}'.`);
  }
}

/** The caller of a Graph request and its tenant; undefined once a 401 has been sent. */
export async function signIn(ex: Exchange, options: GraphOptions): Promise<{ caller: GraphCaller; tenant: Tenant } | undefined> {
  const caller = await authenticate(ex, options);
  if (!caller) return undefined;
  const tenant = options.tenants.find(caller.tenantId);
  if (!tenant) {
    sendGraphError(ex, 401, "InvalidAuthenticationToken", "Access token validation failure. Invalid tenant.");
    return undefined;
  }
  return { caller, tenant };
}

async function authenticate(ex: Exchange, options: GraphOptions): Promise<GraphCaller | undefined> {
  const challenge = {
    "www-authenticate": `Bearer realm="", authorization_uri="${options.baseUrl}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
  };
  const token = /^Bearer\s+(\S+)$/i.exec(ex.req.headers.authorization ?? "")?.[1];
  if (!token) {
    sendGraphError(ex, 401, "InvalidAuthenticationToken", "Access token is empty.", challenge);
    return undefined;
  }
  const verified = await options.tokens.verify(token);
  if ("failure" in verified) {
    sendGraphError(ex, 401, "InvalidAuthenticationToken", verified.failure, challenge);
    return undefined;
  }
  return verified;
}

function allowed(ex: Exchange, caller: GraphCaller, anyOf: readonly string[]): boolean {
  if (caller.roles.some((role) => anyOf.includes(role))) return true;
  sendGraphError(ex, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  return false;
}

/**
 * `$filter=property eq 'value'`, or `property/any(t:t eq 'value')` for a collection, the forms the
 * emulator's lists take.
 */
interface EqualityFilter {
  readonly property: string;
  readonly value: string;
  /** Whether the property is a collection that must contain the value. */
  readonly any: boolean;
}

interface ListOptions {
  /** Items per page without `$top`; default 100. */
  readonly pageSize?: number;
  /** Properties `$filter` may compare with `eq`; none: `$filter` is refused. */
  readonly filterable?: readonly string[];
  /** The largest `$top`; default 999. */
  readonly maxPageSize?: number;
}

/** A plain collection, paged by `$top` (default 100, at most 999). */
function list(
  ex: Exchange,
  options: GraphOptions,
  tenant: Tenant,
  schema: Schema,
  items: (select: Selection, filter: EqualityFilter | null) => ItemSource,
  listOptions: ListOptions = {},
): void {
  const query = ex.url.searchParams;
  if (!supportedQuery(ex, listOptions.filterable ? ["$select", "$top", "$skiptoken", "$filter"] : ["$select", "$top", "$skiptoken"])) return;
  const path = ex.url.pathname;
  const skipToken = query.get("$skiptoken");
  if (skipToken !== null) {
    continueRound(ex, options, tenant, skipToken);
    return;
  }
  const top = query.get("$top");
  const pageSize = top === null ? (listOptions.pageSize ?? DEFAULT_LIST_PAGE) : Number(top);
  const maxPageSize = listOptions.maxPageSize ?? MAX_LIST_PAGE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxPageSize) {
    sendGraphError(ex, 400, "Request_BadRequest", `Invalid page size specified: '${top}'. Must be between 1 and ${maxPageSize} inclusive.`);
    return;
  }
  const select = selection(ex, query.get("$select"), schema, false);
  if (!select) return;
  const rawFilter = query.get("$filter");
  const filter = rawFilter === null ? null : equalityFilter(rawFilter, listOptions.filterable ?? []);
  if (filter && "error" in filter) {
    sendGraphError(ex, 400, "BadRequest", filter.error);
    return;
  }
  const context = `${options.baseUrl}/v1.0/$metadata#${path.split("/").slice(2).join("/")}`;
  sendJson(ex, 200, options.paging.start({ tenantId: tenant.tenantId, path, context, pageSize, items: items(select, filter) }));
}

function equalityFilter(raw: string, filterable: readonly string[]): EqualityFilter | { readonly error: string } {
  const match = /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/.exec(raw);
  const any = /^\s*(\w+)\/any\((\w+):\s*(\w+)\s+eq\s+'([^']*)'\)\s*$/.exec(raw);
  if (match && filterable.includes(match[1] as string)) return { property: match[1] as string, value: match[2] as string, any: false };
  if (any && any[2] === any[3] && filterable.includes(any[1] as string)) return { property: any[1] as string, value: any[4] as string, any: true };
  return { error: `Invalid filter clause: '${raw}' is not supported here.` };
}

/** Stored objects as a list serves them: those the filter keeps, each with the selected properties. */
function objectItems(objects: readonly object[], select: Selection, schema: Schema, filter: EqualityFilter | null): ItemSource {
  const matches = (value: unknown) => (filter?.any ? Array.isArray(value) && value.includes(filter.value) : value === filter?.value);
  const kept = filter ? objects.filter((o) => matches((o as Record<string, unknown>)[filter.property])) : objects;
  return { count: kept.length, item: (i) => pick(kept[i] as object, select.properties, schema) };
}

const DELTA_SCHEMAS: Readonly<Record<DeltaResource, Schema>> = {
  users: USER_SCHEMA,
  groups: GROUP_SCHEMA,
  servicePrincipals: SERVICE_PRINCIPAL_SCHEMA,
};

function delta(ex: Exchange, options: GraphOptions, tenant: Tenant, resource: DeltaResource): void {
  const query = ex.url.searchParams;
  if (!supportedQuery(ex, ["$select", "$skiptoken", "$deltatoken"])) return;
  const skipToken = query.get("$skiptoken");
  if (skipToken !== null) {
    continueRound(ex, options, tenant, skipToken);
    return;
  }
  const schema = DELTA_SCHEMAS[resource];
  const path = `/v1.0/${resource}/delta`;
  const context = `${options.baseUrl}/v1.0/$metadata#${resource}/delta`;
  const deltaToken = query.get("$deltatoken");
  let since: number | null = null;
  let select: Selection | undefined;
  if (deltaToken !== null && deltaToken !== "latest") {
    const state = options.paging.resolveDeltaToken(deltaToken);
    if (state?.failure === "resyncRequired") {
      const names = [...state.select.properties, ...(state.select.relationship ? [schema.relationship] : [])];
      sendGraphError(
        ex,
        410,
        "resyncRequired",
        "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.",
        { location: `${options.baseUrl}${path}?$select=${names.join(",")}` },
      );
      return;
    }
    if (!state || state.failure || state.tenantId !== tenant.tenantId || state.resource !== resource) {
      const code = state?.failure === "SyncStateNotFound" ? state.failure : "syncStateNotFound";
      sendGraphError(ex, 400, code, "The sync state generation is not found. Start a new delta round without a token.");
      return;
    }
    since = state.seq;
    select = state.select;
  } else {
    select = selection(ex, query.get("$select"), schema, true);
    if (!select) return;
  }
  // Fixed before the items are built: changes from now on belong to the next round.
  const state = { tenantId: tenant.tenantId, resource, seq: tenant.changes.length, select };
  if (deltaToken === "latest") {
    sendJson(ex, 200, options.paging.latest(path, context, state));
    return;
  }
  const items =
    resource === "users"
      ? usersDelta(tenant, select, since)
      : resource === "groups"
        ? groupsDelta(tenant, select, since, options.memberPageSize)
        : servicePrincipalsDelta(tenant, select, since);
  sendJson(
    ex,
    200,
    options.paging.start({
      tenantId: tenant.tenantId,
      path,
      context,
      pageSize: options.pageSize,
      items,
      delta: state,
      // A tenant that sends each change as its own item sends them in order: then order has a meaning.
      perturb: !tenant.deltaRepeatsChanges,
    }),
  );
}

function continueRound(ex: Exchange, options: GraphOptions, tenant: Tenant, skipToken: string): void {
  const page = options.paging.continue(skipToken, tenant.tenantId, ex.url.pathname);
  if (page) sendJson(ex, 200, page);
  else sendGraphError(ex, 400, "Request_BadRequest", `Invalid skip token '${skipToken}'.`);
}

function supportedQuery(ex: Exchange, supported: readonly string[]): boolean {
  for (const name of ex.url.searchParams.keys()) {
    if (name.startsWith("$") && !supported.includes(name)) {
      sendGraphError(ex, 400, "Request_UnsupportedQuery", `The query option '${name}' is not supported here.`);
      return false;
    }
  }
  return true;
}

function selection(ex: Exchange, raw: string | null, schema: Schema, allowRelationship: boolean): Selection | undefined {
  const select = parseSelect(raw, schema, allowRelationship);
  if ("error" in select) {
    sendGraphError(ex, 400, "Request_BadRequest", select.error);
    return undefined;
  }
  return select;
}
