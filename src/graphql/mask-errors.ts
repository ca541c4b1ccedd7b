// What clients may see of an error: coded errors as raised, anything else as a bare
// "Internal server error" (no stack, SQL or secret), logged in full on our side.
import type { GraphQLFormattedError } from "graphql";
import type { Logger } from "../logger.js";

export function maskErrors(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (code && code !== "INTERNAL_SERVER_ERROR") {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    log.error({ err: error, path: formatted.path }, "internal error while resolving");
    return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
