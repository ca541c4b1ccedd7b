// A Trace as a gateway hands it to `_entities`: its id and the three fields this subgraph
// @requires, each null where the trace carries none.

/** What a trace may carry that names who made it. */
export type TraceFields = { userEmail?: string | null; apiKeyId?: string | null; sessionId?: string | null };

export interface TraceRepresentation {
  __typename: "Trace";
  id: string;
  userEmail: string | null;
  apiKeyId: string | null;
  sessionId: string | null;
}

export function traceRepresentation(id: string, fields: TraceFields = {}): TraceRepresentation {
  return {
    __typename: "Trace",
    id,
    userEmail: fields.userEmail ?? null,
    apiKeyId: fields.apiKeyId ?? null,
    sessionId: fields.sessionId ?? null,
  };
}

/** The common case: a trace that carries an email alone. */
export const emailTrace = (id: string, userEmail: string | null) => traceRepresentation(id, { userEmail });
