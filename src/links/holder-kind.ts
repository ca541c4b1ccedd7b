// What kind of identity holds an API key or a session: a person or a service principal.

export const HOLDER_KINDS = ["USER", "SERVICE_PRINCIPAL"] as const;

export type HolderKind = (typeof HOLDER_KINDS)[number];
