// The gateway's `_entities` representations, checked before any is resolved.
//
// A representation is JSON the gateway builds from another subgraph's data (`_Any`), so GraphQL
// checks nothing in it. @apollo/subgraph resolves representations in turn and throws at the first
// whose type it does not know, leaving the lookups already started for the others to fail later
// with no one waiting for them: one such request took the process down. Checked here, a
// representation that cannot be resolved answers an error at its own place in the list, and the
// others are resolved as if it had not been sent.
import {
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  type GraphQLError,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
} from "graphql";
import { badUserInput } from "./errors.js";

interface EntityShape {
  /** The fields of its `@key`: always strings here (ids and names). */
  readonly keys: readonly string[];
  /** Its other fields of type String or ID, which a representation may carry (a trace's `@requires`). */
  readonly texts: readonly string[];
}

/** Null for a representation that can be resolved, else the error for its place in the answer. */
export type RepresentationCheck = (representation: unknown, index: number) => GraphQLError | null;

export function representationCheck(schema: GraphQLSchema): RepresentationCheck {
  const shapes = new Map(entityTypes(schema).map((type) => [type.name, shapeOf(type)]));
  const names = [...shapes.keys()].join(", ");
  return (representation, index) => {
    const at = `representations[${index}]`;
    if (typeof representation !== "object" || representation === null || Array.isArray(representation)) {
      return badUserInput(at, `${at} must be an object with __typename and its key`);
    }
    const fields = representation as Record<string, unknown>;
    const shape = typeof fields.__typename === "string" ? shapes.get(fields.__typename) : undefined;
    if (!shape) return badUserInput(`${at}.__typename`, `${at}.__typename must name an entity of this subgraph: ${names}`);
    for (const key of shape.keys) {
      if (typeof fields[key] !== "string") return badUserInput(`${at}.${key}`, `${at}.${key} must be a string (the ${fields.__typename}'s key)`);
    }
    for (const text of shape.texts) {
      const value = fields[text];
      if (value != null && typeof value !== "string") return badUserInput(`${at}.${text}`, `${at}.${text} must be a string or null`);
    }
    return null;
  };
}

/** The members of the subgraph's `_Entity` union: the types with a `@key`. */
function entityTypes(schema: GraphQLSchema): readonly GraphQLObjectType[] {
  const union = schema.getType("_Entity");
  return union && "getTypes" in union ? union.getTypes() : [];
}

function shapeOf(type: GraphQLObjectType): EntityShape {
  const key = type.astNode?.directives?.find((directive) => directive.name.value === "key");
  const fieldsArgument = key?.arguments?.find((argument) => argument.name.value === "fields")?.value;
  const keys = fieldsArgument?.kind === Kind.STRING ? fieldsArgument.value.split(/\s+/).filter(Boolean) : [];
  const texts = Object.values(type.getFields())
    .filter((field) => !keys.includes(field.name) && isText(field.type))
    .map((field) => field.name);
  return { keys, texts };
}

function isText(type: GraphQLType): boolean {
  const named = isNonNullType(type) ? type.ofType : type;
  return !isListType(named) && isScalarType(named) && (named.name === "String" || named.name === "ID");
}
