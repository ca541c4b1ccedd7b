// Which identity a trace belongs to. Resolution order: email, then API key link, then session
// link; traces with nothing known resolve to no one, not an error.
//
// A request's traces resolve together, in two stages: first every trace's email, key and session
// lookups (one tick, so one statement per loader), then the holders of every matched link (one
// more tick). Letting each trace chain its own awaits instead would load holders once per group
// of traces whose lookups happened to finish together, so the statement count would drift with
// the mix of emails, keys and sessions; staged, it is fixed whatever the mix.
import DataLoader from "dataloader";
import { normaliseAddress } from "../directory/addresses.js";
import type { ApiKeyLinkRow } from "../links/api-key-links.js";
import type { SessionLinkRow } from "../links/session-links.js";
import type { Loaders } from "../loaders/index.js";
import type { ServicePrincipalRow } from "../loaders/service-principals.js";
import type { UserRow } from "../loaders/users.js";
import type { Context } from "./context.js";
import type { IdentityClassification } from "../directory/identity-classifications.js";
import type { IdentityMethod } from "../directory/identity-methods.js";

/** What the owning subgraph gives us for each trace (the `@requires` fields). */
export interface TraceReference {
  id: string;
  userEmail?: string | null;
  apiKeyId?: string | null;
  sessionId?: string | null;
  /** When the trace happened, where the caller says (resolveIdentities' `at`); else now. */
  at?: Date | null;
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

// One loader per request (its loaders object): every trace asked for in a tick (each entity's
// reference resolver, each input of resolveIdentities) joins the same staged resolution.
const identitiesOfRequest = new WeakMap<Loaders, DataLoader<TraceReference, TraceIdentity | null>>();

export function resolveTraceIdentity(trace: TraceReference, context: Context): Promise<TraceIdentity | null> {
  const { loaders } = context;
  let identities = identitiesOfRequest.get(loaders);
  if (!identities) {
    // No batch size limit: the loaders it calls split their statements past KEYS_PER_STATEMENT.
    identities = new DataLoader((traces) => resolveIdentities(traces, loaders), { maxBatchSize: Infinity });
    identitiesOfRequest.set(loaders, identities);
  }
  return identities.load(trace);
}

/** Many traces' identities at once, in the same two stages (a page of `_entities`). */
export function resolveTraceIdentities(traces: readonly TraceReference[], context: Context): Promise<(TraceIdentity | null)[]> {
  return resolveIdentities(traces, context.loaders);
}

async function resolveIdentities(traces: readonly TraceReference[], loaders: Loaders): Promise<(TraceIdentity | null)[]> {
  const emails = traces.map((trace) => trace.userEmail?.trim() || null);
  const apiKeyIds = traces.map((trace) => trace.apiKeyId?.trim() || null);
  const sessionIds = traces.map((trace) => trace.sessionId?.trim() || null);
  const now = new Date();
  // Stage 1: every trace's lookups. A session's link counts only if it had not expired when the trace happened.
  const [people, keyLinks, sessionLinks] = await Promise.all([
    loadEach(emails, (email) => loaders.userByEmail.load(normaliseAddress(email))),
    loadEach(apiKeyIds, (apiKeyId) => loaders.apiKeyLinkByKey.load(apiKeyId)),
    loadEach(sessionIds, async (sessionId, i) => heldAt(await loaders.sessionLinkById.load(sessionId), traces[i]!.at ?? now)),
  ]);
  // Stage 2: the holders of every matched link.
  const [keyHolders, sessionHolders] = await Promise.all([
    loadEach(keyLinks, (link) => holderOf(link, loaders)),
    loadEach(sessionLinks, (link) => holderOf(link, loaders)),
  ]);
  return traces.map((_, i) => {
    const person = people[i];
    const email = emails[i];
    const keyHolder = keyHolders[i];
    if (person && email) {
      // An email naming a person with a service principal's key: an agent acting for that person.
      const agent = keyHolder?.servicePrincipal ?? null;
      return {
        user: person,
        servicePrincipal: agent,
        method: "EMAIL",
        matchedOn: email,
        classification: agent ? "OBO" : "HUMAN",
      };
    }
    const apiKeyId = apiKeyIds[i];
    if (keyHolder && apiKeyId) return fromHolder(keyHolder, "API_KEY", apiKeyId);
    const sessionHolder = sessionHolders[i];
    const sessionId = sessionIds[i];
    if (sessionHolder && sessionId) return fromHolder(sessionHolder, "SESSION", sessionId);
    return null;
  });
}

/** `load` for each present value (and its index), all started in this tick; null where there is none. */
function loadEach<T, R>(values: readonly (T | null)[], load: (value: T, index: number) => Promise<R | null>): Promise<(R | null)[]> {
  return Promise.all(values.map((value, index) => (value === null ? null : load(value, index))));
}

/** The link, if it had not expired at `at`. */
function heldAt(link: SessionLinkRow | null, at: Date): SessionLinkRow | null {
  return link && (link.expiresAt === null || link.expiresAt > at) ? link : null;
}

/** The link's holder as the directory has it now; null when it no longer exists there. */
async function holderOf(link: ApiKeyLinkRow | SessionLinkRow, loaders: Loaders): Promise<Holder | null> {
  if (link.holderKind === "SERVICE_PRINCIPAL") {
    const servicePrincipal = await loaders.servicePrincipalById.load(link.holderId);
    return servicePrincipal && { user: null, servicePrincipal };
  }
  const user = await loaders.userById.load(link.holderId);
  return user && { user, servicePrincipal: null };
}

function fromHolder(holder: Holder, method: IdentityMethod, matchedOn: string): TraceIdentity {
  return {
    ...holder,
    method,
    matchedOn,
    classification: holder.user ? "HUMAN" : "NHI",
  };
}
