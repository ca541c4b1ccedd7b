// The errors a caller can act on (DESIGN.md §2.2), each a GraphQLError with `extensions.code`.
import { GraphQLError } from "graphql";

export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "ENTRA_AUTH_FAILED"
  | "INTEGRATION_PAUSED";

function coded(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}, status?: number) {
  return new GraphQLError(message, {
    extensions: { code, ...extensions, ...(status ? { http: { status } } : {}) },
  });
}

export const unauthenticated = (message = "A valid bearer token is required") =>
  coded("UNAUTHENTICATED", message, {}, 401);

export const forbidden = (message = "This operation needs the admin role") => coded("FORBIDDEN", message);

/** `field` names the input at fault, e.g. "input.tenantId". */
export const badUserInput = (field: string, message: string) => coded("BAD_USER_INPUT", message, { field });

export const notFound = (what: string) => coded("NOT_FOUND", `${what} was not found`);

export const conflict = (message: string) => coded("CONFLICT", message);

export const entraAuthFailed = (message: string, extensions: { reason: string; aadsts?: string; hint?: string }) =>
  coded("ENTRA_AUTH_FAILED", message, extensions);

export const integrationPaused = (message: string) => coded("INTEGRATION_PAUSED", message);
