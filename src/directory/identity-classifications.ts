// Who is behind a trace: a person (HUMAN); a non-human identity, a service principal with no
// person behind the trace (NHI); or an agent acting on behalf of a person, the email naming the
// person and the API key belonging to a service principal (OBO).

export const IDENTITY_CLASSIFICATIONS = ["HUMAN", "NHI", "OBO"] as const;

export type IdentityClassification = (typeof IDENTITY_CLASSIFICATIONS)[number];
