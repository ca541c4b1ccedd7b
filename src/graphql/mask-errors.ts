// What clients may see of an error, decided in one place: a domain's coded error (see
// src/coded-error.ts) becomes a GraphQL error with its code and details; GraphQL's own coded
// errors (validation, limits, authentication) pass as raised; anything else is a bare
// "Internal server error" (no stack, SQL or secret), logged in full on our side.
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { CodedError } from "../coded-error.js";
import type { Logger } from "../logger.js";

export function maskErrors(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
    if (original instanceof CodedError) {
      return { ...formatted, message: original.message, extensions: { code: original.code, ...original.details } };
    }
    const code = formatted.extensions?.code;
    if (code && code !== "INTERNAL_SERVER_ERROR") {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    log.error({ err: error, path: formatted.path }, "internal error while resolving");
    return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
