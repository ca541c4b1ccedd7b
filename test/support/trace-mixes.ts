// Traces of every kind a trace can resolve by (an email, an API key held by a person or by a
// service principal, a session, nothing known), mixed in chosen proportions and orders: what the
// statement-count test and the bench send to show the SQL does not depend on the mix.
import { createRandom } from "../emulator/random.js";
import { traceRepresentation, type TraceFields } from "./trace-representation.js";

/** What the kinds point at: two people's addresses, a person's key, an agent's key, a session, and their holders. */
export interface MixDirectory {
  email: string;
  otherEmail: string;
  personKey: string;
  personKeyHolder: string;
  agentKey: string;
  /** A service principal's object id. */
  agentKeyHolder: string;
  session: string;
  sessionHolder: string;
}

/** The links the kinds need, as the admin operations that make them: [query, variables]. */
export function linkOperations(d: MixDirectory): [string, object][] {
  const linkKey = `mutation($input: LinkApiKeyInput!) { linkApiKey(input: $input) { apiKeyId } }`;
  return [
    [linkKey, { input: { apiKeyId: d.personKey, holderId: d.personKeyHolder } }],
    [linkKey, { input: { apiKeyId: d.agentKey, holderId: d.agentKeyHolder } }],
    [`mutation($s: String!, $h: ID!) { linkSession(sessionId: $s, holderId: $h) { sessionId } }`, { s: d.session, h: d.sessionHolder }],
  ];
}

export function traceKinds(d: MixDirectory) {
  return {
    email: { fields: { userEmail: d.email }, method: "EMAIL" },
    keyOfPerson: { fields: { apiKeyId: d.personKey }, method: "API_KEY" },
    keyOfServicePrincipal: { fields: { apiKeyId: d.agentKey }, method: "API_KEY" },
    session: { fields: { sessionId: d.session }, method: "SESSION" },
    unknown: { fields: { userEmail: "nobody@unknown.example", apiKeyId: "key-nobody", sessionId: "sess-nobody" }, method: null },
    // Two kinds at once, so that four traces can hold every kind.
    emailWithAgentKey: { fields: { userEmail: d.otherEmail, apiKeyId: d.agentKey }, method: "EMAIL" },
    emailWithPersonKey: { fields: { userEmail: d.email, apiKeyId: d.personKey }, method: "EMAIL" },
    strangerInSession: { fields: { userEmail: "nobody@unknown.example", sessionId: d.session }, method: "SESSION" },
  } satisfies Record<string, { fields: TraceFields; method: string | null }>;
}

export type Kind = keyof ReturnType<typeof traceKinds>;
export const ALL_KINDS: Kind[] = Object.keys(traceKinds({} as MixDirectory)) as Kind[];

/** Every kind in four traces: emails carrying keys, and a stranger's email falling through to a session. */
export const MIXES_OF_FOUR: Kind[][] = [
  ["emailWithAgentKey", "keyOfPerson", "strangerInSession", "unknown"],
  ["unknown", "strangerInSession", "keyOfServicePrincipal", "emailWithPersonKey"],
];

/** Proportions for large mixes (absent kinds: 0; every kind still appears at least once). */
export const PROPORTIONS: [label: string, weights: Partial<Record<Kind, number>>][] = [
  ["evenly", { email: 1, keyOfPerson: 1, keyOfServicePrincipal: 1, session: 1, unknown: 1 }],
  ["mostly emails", { email: 96, keyOfPerson: 1, keyOfServicePrincipal: 1, session: 1, unknown: 1 }],
  ["mostly service principals' keys", { email: 1, keyOfPerson: 1, keyOfServicePrincipal: 96, session: 1, unknown: 1 }],
  ["mostly sessions", { email: 1, keyOfPerson: 2, keyOfServicePrincipal: 1, session: 95, unknown: 1 }],
  ["mostly strangers", { email: 1, keyOfPerson: 1, keyOfServicePrincipal: 1, session: 1, unknown: 96 }],
];

/** `size` kinds drawn with the given weights, every kind at least once, shuffled by `seed`. */
export function mix(size: number, weights: Partial<Record<Kind, number>>, seed: number): Kind[] {
  const random = createRandom(seed);
  const weight = (kind: Kind) => weights[kind] ?? 0;
  const total = ALL_KINDS.reduce((sum, kind) => sum + weight(kind), 0);
  const kinds: Kind[] = [...ALL_KINDS];
  while (kinds.length < size) {
    let draw = random.next() * total;
    kinds.push(ALL_KINDS.find((kind) => (draw -= weight(kind)) < 0) ?? "unknown");
  }
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  return kinds;
}

/** The kinds as `_entities` representations. */
export function traceRepresentations(directory: MixDirectory, kinds: readonly Kind[]) {
  const byKind = traceKinds(directory);
  return kinds.map((kind, i) => traceRepresentation(`t${i}`, byKind[kind].fields));
}

/** The kinds as resolveIdentities inputs; emails carry a moment, so department history is read too. */
export function identityInputs(directory: MixDirectory, kinds: readonly Kind[]) {
  const byKind = traceKinds(directory);
  return kinds.map((kind) => {
    const fields: TraceFields = byKind[kind].fields;
    return { email: fields.userEmail, apiKeyId: fields.apiKeyId, sessionId: fields.sessionId, at: fields.userEmail ? "2030-01-01T00:00:00Z" : null };
  });
}

/** The methods each kind resolves by, in order: what a correct answer shows. */
export const expectedMethods = (directory: MixDirectory, kinds: readonly Kind[]) =>
  kinds.map((kind) => traceKinds(directory)[kind].method);
