// Errors of variables that did not coerce, without the values they quote.
//
// graphql-js writes the variable's whole value into the message (`Variable "$input" got invalid
// value { clientSecret: "...", ... }`) and the offending leaf into the reason (`String cannot
// represent a non string value: ...`): a credential sent with one field misspelt came back in the
// answer, and into every gateway and log that keeps error messages. What is kept is which
// variable, where in it and why, which is what the caller needs to fix the request; the message
// still begins as Apollo Server recognises (it answers BAD_USER_INPUT by that beginning).
import { GraphQLError } from "graphql";

const INVALID_VALUE = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" got invalid value /;
// printPathArray's form, at the end of what precedes the reason: the value before it is inspected
// with its strings JSON-quoted, so an unescaped `at "` cannot come from it.
const AT_PATH = / at "([_A-Za-z][_0-9A-Za-z]*(?:\.[_A-Za-z][_0-9A-Za-z]*|\[\d+\])*)"$/;

/** `error` without the value it quotes, and with the place at fault as `field`; any other error as it is. */
export function withoutValues(error: GraphQLError): GraphQLError {
  const variable = INVALID_VALUE.exec(error.message)?.[1];
  const reason = error.originalError?.message;
  if (variable === undefined || reason === undefined || !error.message.endsWith(`; ${reason}`)) return error;
  const field = AT_PATH.exec(error.message.slice(0, -(reason.length + 2)))?.[1] ?? variable;
  // A reason ends with the value it refused after a colon ("... non string value: 42"); a reason
  // about the shape ("Field "x" is not defined by type ...") has none.
  const why = reason.split(": ")[0];
  return new GraphQLError(`Variable "$${variable}" got invalid value at "${field}"; ${why}`, {
    nodes: error.nodes,
    extensions: { field },
  });
}
