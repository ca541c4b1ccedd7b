// Which properties a `$select` names, checked against each Graph type the emulator serves.

export interface Schema {
  /** Graph's type name, for error messages and `@odata.type`. */
  readonly type:
    | "user"
    | "group"
    | "directoryRole"
    | "servicePrincipal"
    | "appRoleAssignment"
    | "unifiedRoleDefinition"
    | "unifiedRoleAssignment"
    | "unifiedRoleEligibilityScheduleInstance";
  /** Properties the model holds. */
  readonly modelled: readonly string[];
  /** Real Graph properties the model lacks: selectable, always this value. */
  readonly unmodelled: Readonly<Record<string, unknown>>;
  /** What Graph returns without `$select`. */
  readonly defaults: readonly string[];
  /** The relationship a delta query may select (`manager` -> `manager@delta`). */
  readonly relationship?: "manager" | "members";
}

export interface Selection {
  /** Property names, `id` first, in Graph's canonical spelling. */
  readonly properties: readonly string[];
  /** Whether the relationship was selected (delta queries only). */
  readonly relationship: boolean;
}

export const USER_SCHEMA: Schema = {
  type: "user",
  // signInActivity is served by sign-in-activity.ts alone, which checks its permission and licence.
  modelled: ["id", "displayName", "givenName", "surname", "mail", "userPrincipalName", "jobTitle", "department", "accountEnabled", "userType", "otherMails", "proxyAddresses", "createdDateTime", "signInActivity"],
  unmodelled: {
    businessPhones: [],
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    employeeId: null,
    companyName: null,
    onPremisesSyncEnabled: null,
    onPremisesImmutableId: null,
  },
  defaults: ["id", "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName"],
  relationship: "manager",
};

export const GROUP_SCHEMA: Schema = {
  type: "group",
  modelled: ["id", "displayName", "mail", "description", "groupTypes", "mailEnabled", "securityEnabled"],
  unmodelled: { mailNickname: null, visibility: null, onPremisesSyncEnabled: null, securityIdentifier: null },
  defaults: ["id", "displayName", "mail", "description", "groupTypes", "mailEnabled", "securityEnabled", "mailNickname", "visibility", "onPremisesSyncEnabled", "securityIdentifier"],
  relationship: "members",
};

export const ROLE_SCHEMA: Schema = {
  type: "directoryRole",
  modelled: ["id", "displayName", "roleTemplateId"],
  unmodelled: { description: null },
  defaults: ["id", "displayName", "roleTemplateId", "description"],
};

/** The selection, or the message of Graph's 400 for an unknown property. */
export function parseSelect(
  raw: string | null,
  schema: Schema,
  allowRelationship: boolean,
): Selection | { readonly error: string } {
  if (raw === null || raw.trim() === "") return { properties: schema.defaults, relationship: false };
  const known = new Map([...schema.modelled, ...Object.keys(schema.unmodelled)].map((p) => [p.toLowerCase(), p]));
  const properties = new Set<string>(["id"]);
  let relationship = false;
  for (const name of raw.split(",").map((s) => s.trim()).filter(Boolean)) {
    const canonical = known.get(name.toLowerCase());
    if (canonical) properties.add(canonical);
    else if (allowRelationship && name.toLowerCase() === schema.relationship) relationship = true;
    else return { error: `Could not find a property named '${name}' on type 'microsoft.graph.${schema.type}'.` };
  }
  return { properties: [...properties], relationship };
}

/** The selected properties of a stored object, unmodelled ones filled in. */
export function pick(object: object, properties: readonly string[], schema: Schema): Record<string, unknown> {
  const values = object as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of properties) out[name] = name in schema.unmodelled ? schema.unmodelled[name] : values[name];
  return out;
}

export const SERVICE_PRINCIPAL_SCHEMA: Schema = {
  type: "servicePrincipal",
  modelled: ["id", "appId", "displayName", "servicePrincipalType", "accountEnabled", "tags", "appRoles", "appRoleAssignmentRequired"],
  unmodelled: { appOwnerOrganizationId: null, servicePrincipalNames: [] },
  defaults: ["id", "appId", "displayName", "servicePrincipalType", "accountEnabled", "appOwnerOrganizationId", "servicePrincipalNames", "tags"],
};
