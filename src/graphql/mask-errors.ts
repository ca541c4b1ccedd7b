// What clients may see of an error, decided in one place: a domain's coded error (see
// src/coded-error.ts) becomes a GraphQL error with its code and details; GraphQL's own coded
// errors (validation, limits, authentication) pass as raised, but for the values they would quote
// (value-errors.ts); anything else is a bare "Internal server error" (no stack, SQL or secret),
// logged in full on our side.
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { CodedError } from "../coded-error.js";
import type { Logger } from "../logger.js";
import { literalMessageWithoutValue } from "./value-errors.js";

// graphql-js gives up checking that a document's fields merge past a budget of comparisons, and
// says only this.
const VALIDATION_ABORTED = "Validation aborted.";
const TOO_MANY_FIELDS =
  "The query has too many fields side by side, or spreads its fragments too many times, for its fields to be checked: ask for fewer fields at each level, or split it into several requests.";

export function maskErrors(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
    if (original instanceof CodedError) {
      return { ...formatted, message: original.message, extensions: { code: original.code, ...original.details } };
    }
    const code = formatted.extensions?.code;
    if (code && code !== "INTERNAL_SERVER_ERROR") {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      if (code !== "GRAPHQL_VALIDATION_FAILED") return { ...formatted, extensions };
      const nodes = error instanceof GraphQLError ? error.nodes : undefined;
      const message = formatted.message === VALIDATION_ABORTED ? TOO_MANY_FIELDS : literalMessageWithoutValue(formatted.message, nodes);
      return { ...formatted, message, extensions };
    }
    log.error({ err: error, path: formatted.path }, "internal error while resolving");
    return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
