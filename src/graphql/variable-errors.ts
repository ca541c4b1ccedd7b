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
  return new GraphQLError(`Variable "$${variable}" got invalid value at "${field}"; ${reasonWithoutValue(reason)}`, {
    nodes: error.nodes,
    extensions: { field },
  });
}

// Reasons about the input's shape name fields, never values: "Field "x" is not defined by type
// "T".", "Field "x" of required type "String!" was not provided.", "Expected type "T" to be an
// object.".
const ABOUT_SHAPE = /^(Field "[_A-Za-z][_0-9A-Za-z]*" (is not defined by type|of required type)|Expected type "[_A-Za-z][_0-9A-Za-z]*" to be an object)/;
const NOT_IN_ENUM = /^Value ".*" does not exist in ("[_A-Za-z][_0-9A-Za-z]*" enum\.)/s;

/** Why the value was refused, without it: a scalar's reason ends with it after a colon ("... non string value: 42"). */
function reasonWithoutValue(reason: string): string {
  if (ABOUT_SHAPE.test(reason)) return reason;
  const notInEnum = NOT_IN_ENUM.exec(reason);
  if (notInEnum) return `The value does not exist in ${notInEnum[1]}`;
  const colon = reason.indexOf(": ");
  return colon > 0 ? reason.slice(0, colon) : "The value cannot be read as its type";
}
