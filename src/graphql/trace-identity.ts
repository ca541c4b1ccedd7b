// Which identity a trace belongs to. Resolution order: email, then API key link, then session
// link; traces with nothing known resolve to no one, not an error.
//
// All three lookups start in the same tick for every trace of a request, and the holders of
// matched links load together after them, so a page of traces costs a fixed number of
// statements whatever mix of emails, keys and sessions it carries.
import { normaliseAddress } from "../directory/addresses.js";
import type { ApiKeyLinkRow, SessionLinkRow } from "../loaders/links.js";
import type { ServicePrincipalRow } from "../loaders/service-principals.js";
import type { UserRow } from "../loaders/users.js";
import type { Context } from "./context.js";
import { IdentityClassification, IdentityMethod } from "./directory-types.js";

/** What the owning subgraph gives us for each trace (the `@requires` fields). */
export interface TraceReference {
  id: string;
  userEmail?: string | null;
  apiKeyId?: string | null;
  sessionId?: string | null;
}

export interface TraceIdentity {
  /** The person: null for a service principal acting alone (NHI). */
  user: UserRow | null;
  /** The service principal that acted: the identity itself (NHI) or the agent (OBO). */
  servicePrincipal: ServicePrincipalRow | null;
  method: IdentityMethod;
  matchedOn: string;
  classification: IdentityClassification;
}

type Holder = { user: UserRow | null; servicePrincipal: ServicePrincipalRow | null };

// The same trace is asked for by up to five fields; resolve it once per request.
const resolved = new WeakMap<object, Promise<TraceIdentity | null>>();

export function resolveTraceIdentity(trace: TraceReference, context: Context): Promise<TraceIdentity | null> {
  let identity = resolved.get(trace);
  if (!identity) resolved.set(trace, (identity = resolveIdentity(trace, context)));
  return identity;
}

async function resolveIdentity(trace: TraceReference, context: Context): Promise<TraceIdentity | null> {
  const { loaders } = context;
  const email = trace.userEmail?.trim() || null;
  const apiKeyId = trace.apiKeyId?.trim() || null;
  const sessionId = trace.sessionId?.trim() || null;
  const [person, keyLink, sessionLink] = await Promise.all([
    email ? loaders.userByEmail.load(normaliseAddress(email)) : null,
    apiKeyId ? loaders.apiKeyLinkByKey.load(apiKeyId) : null,
    sessionId ? loaders.sessionLinkById.load(sessionId) : null,
  ]);
  const [keyHolder, sessionHolder] = await Promise.all([holderOf(keyLink, context), holderOf(sessionLink, context)]);
  if (person && email) {
    // An email naming a person with a service principal's key: an agent acting for that person.
    const agent = keyHolder?.servicePrincipal ?? null;
    return {
      user: person,
      servicePrincipal: agent,
      method: IdentityMethod.EMAIL,
      matchedOn: email,
      classification: agent ? IdentityClassification.OBO : IdentityClassification.HUMAN,
    };
  }
  if (keyHolder && apiKeyId) return fromHolder(keyHolder, IdentityMethod.API_KEY, apiKeyId);
  if (sessionHolder && sessionId) return fromHolder(sessionHolder, IdentityMethod.SESSION, sessionId);
  return null;
}

/** The link's holder as the directory has it now; null when it no longer exists there. */
async function holderOf(link: ApiKeyLinkRow | SessionLinkRow | null, context: Context): Promise<Holder | null> {
  if (!link) return null;
  if (link.holderKind === "SERVICE_PRINCIPAL") {
    const servicePrincipal = await context.loaders.servicePrincipalById.load(link.holderId);
    return servicePrincipal && { user: null, servicePrincipal };
  }
  const user = await context.loaders.userById.load(link.holderId);
  return user && { user, servicePrincipal: null };
}

function fromHolder(holder: Holder, method: IdentityMethod, matchedOn: string): TraceIdentity {
  return {
    ...holder,
    method,
    matchedOn,
    classification: holder.user ? IdentityClassification.HUMAN : IdentityClassification.NHI,
  };
}
