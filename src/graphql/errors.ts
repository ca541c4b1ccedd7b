// The GraphQL layer's own errors, raised as GraphQLErrors with `extensions.code`: who is calling
// (UNAUTHENTICATED answers HTTP 401, so it must be a GraphQL error before it is formatted), and
// arguments this layer checks itself. Domain refusals are CodedErrors (src/coded-error.ts).
import { GraphQLError } from "graphql";
import type { ErrorCode } from "../coded-error.js";

function coded(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}, status?: number) {
  return new GraphQLError(message, {
    extensions: { code, ...extensions, ...(status ? { http: { status } } : {}) },
  });
}

export const unauthenticated = (message = "A valid bearer token is required") =>
  coded("UNAUTHENTICATED", message, {}, 401);

export const forbidden = (message: string) => coded("FORBIDDEN", message);

/** `field` names the argument at fault, e.g. "first". */
export const badUserInput = (field: string, message: string) => coded("BAD_USER_INPUT", message, { field });

/**
 * A request refused as a whole before anything runs (a limit it went past): HTTP 400, so that
 * monitors do not page on it and gateways do not retry it.
 */
export const badRequest = (field: string, message: string) => coded("BAD_USER_INPUT", message, { field }, 400);
