// GraphQL enums built from the domain's `as const` lists, so that a list declared once gives the
// database column, the GraphQL enum and the command line's choices alike.
import { registerEnumType } from "type-graphql";

/** Each value named by itself, as type-graphql wants an enum: `{ GLOBAL: "GLOBAL", ... }`. */
export type EnumObject<V extends string> = { readonly [K in V]: K };

/** Registers the GraphQL enum `name` of `values` and returns it, for `@Field(() => ...)`. */
export function enumType<V extends string>(values: readonly V[], name: string, description?: string): EnumObject<V> {
  const enumObject = Object.fromEntries(values.map((value) => [value, value])) as EnumObject<V>;
  registerEnumType(enumObject, { name, description });
  return enumObject;
}
