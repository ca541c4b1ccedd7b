// Errors of values GraphQL refused, without the values they quote: variables that did not coerce,
// and values written into the document that did not validate.
//
// graphql-js writes the variable's whole value into the message (`Variable "$input" got invalid
// value { clientSecret: "...", ... }`) and the offending leaf into the reason (`String cannot
// represent a non string value: ...`): a credential sent with one field misspelt came back in the
// answer, and into every gateway and log that keeps error messages. A value written into the
// document comes back the same way (`DateTime cannot represent an invalid date-time-string ...`).
// What is kept is which variable, where in it and why, which is what the caller needs to fix the
// request; a variable's message still begins as Apollo Server recognises (it answers
// BAD_USER_INPUT by that beginning).
import { GraphQLError, Kind, type ASTNode } from "graphql";

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

const VALUE_KINDS = new Set<string>([Kind.STRING, Kind.INT, Kind.FLOAT, Kind.BOOLEAN, Kind.ENUM, Kind.LIST, Kind.OBJECT, Kind.NULL]);
// ValuesOfCorrectTypeRule's own words, the value printed after them.
const EXPECTED_VALUE = /^Expected value of type ("[^"]+"), found /;
// About an input object's fields, naming fields and types only.
const ABOUT_FIELDS = /^Field "[_A-Za-z][_0-9A-Za-z.]*" /;

/** The message of a validation error without the value it quotes, when it is about a value written into the document. */
export function literalMessageWithoutValue(message: string, nodes: readonly ASTNode[] | undefined): string {
  // A null quotes nothing of the caller's.
  if (!nodes?.some((node) => VALUE_KINDS.has(node.kind) && node.kind !== Kind.NULL)) return message;
  if (ABOUT_FIELDS.test(message)) return message;
  const expected = EXPECTED_VALUE.exec(message);
  const reason = expected ? `Expected value of type ${expected[1]}.` : reasonWithoutValue(message);
  const suggestion = SUGGESTION.exec(message)?.[0];
  return suggestion ? `${reason.replace(/\.?$/, ".")}${suggestion}` : reason;
}

// Reasons about the input's shape name fields and types, never values (graphql-js's
// coerceInputValue): an unknown or missing field, a null where none may be, an object expected.
const NAME = "[_A-Za-z][_0-9A-Za-z]*";
const ABOUT_SHAPE = new RegExp(
  `^(Field "${NAME}" (is not defined by type|of required type|must be non-null)|Expected type "${NAME}"( to be an object)?\\.$|Expected non-nullable type "[^"]+" not to be null\\.$|Exactly one key must be specified)`,
);
const NOT_IN_ENUM = new RegExp(`^Value ".*" does not exist in ("${NAME}" enum\\.)`, "s");
// graphql-js's own scalars and enums put the value last, after a colon.
const BUILT_IN = new RegExp(`^((?:String|Int|Float|Boolean|ID|Enum "${NAME}") cannot represent [^:]*): `);
// Another scalar's reason may hold the value anywhere: only the scalar's name is kept.
const OTHER_SCALAR = new RegExp(`^(?:Expected type "(${NAME})"\\.|(${NAME}) cannot represent)`);
// graphql-js's suggestion at the end of a message, naming the schema's own values or fields only
// (a value's quotes come escaped in the message, so none can pass for one).
const SUGGESTION = new RegExp(` Did you mean (?:the enum value )?"${NAME}"(?:,? (?:or )?"${NAME}")*\\?$`);

/** Why the value was refused, without the value. */
function reasonWithoutValue(reason: string): string {
  if (ABOUT_SHAPE.test(reason)) return reason;
  const notInEnum = NOT_IN_ENUM.exec(reason);
  if (notInEnum) return `The value does not exist in ${notInEnum[1]}`;
  const builtIn = BUILT_IN.exec(reason);
  if (builtIn) return builtIn[1]!;
  const other = OTHER_SCALAR.exec(reason);
  const scalar = other?.[1] ?? other?.[2];
  return scalar ? `The value is not a valid ${scalar}` : "The value cannot be read as its type";
}
