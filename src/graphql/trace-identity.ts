// Which directory user a trace belongs to. Resolution order: email, then API key, then session;
// only email is matched so far, so traces with no (known) email resolve to no one, not an error.
import { normaliseAddress } from "../directory/addresses.js";
import type { UserRow } from "../loaders/users.js";
import type { Context } from "./context.js";
import { IdentityMethod } from "./directory-types.js";

/** What the owning subgraph gives us for each trace (the `@requires` fields). */
export interface TraceReference {
  id: string;
  userEmail?: string | null;
  apiKeyId?: string | null;
  sessionId?: string | null;
}

export interface TraceIdentity {
  user: UserRow;
  method: IdentityMethod;
  matchedOn: string;
}

export async function resolveTraceIdentity(trace: TraceReference, context: Context): Promise<TraceIdentity | null> {
  const email = trace.userEmail?.trim();
  if (email) {
    const user = await context.loaders.userByEmail.load(normaliseAddress(email));
    if (user) return { user, method: IdentityMethod.EMAIL, matchedOn: email };
  }
  return null;
}
