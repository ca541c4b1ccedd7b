// How a trace's identity was found: by its email, its API key's link, or its session's link.

export const IDENTITY_METHODS = ["EMAIL", "API_KEY", "SESSION"] as const;

export type IdentityMethod = (typeof IDENTITY_METHODS)[number];
