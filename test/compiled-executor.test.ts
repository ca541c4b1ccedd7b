// The compiled executor answers leaves as resolvers return them (see compiled-executor.ts), so it
// must refuse a schema where that answer would be wrong: an enum whose names stand for other
// values. The server's own schema passes, or no server in these tests would start.
import { GraphQLEnumType, GraphQLObjectType, GraphQLSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { compiledExecutor } from "../src/graphql/compiled-executor.js";

function schemaWithEnum(values: Record<string, { value: unknown }>): GraphQLSchema {
  const level = new GraphQLEnumType({ name: "Level", values });
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: "Query", fields: { level: { type: level, resolve: () => values.HIGH!.value } } }),
  });
}

describe("the compiled executor", () => {
  it("refuses a schema with an enum whose names stand for other values, naming it", () => {
    expect(() => compiledExecutor(schemaWithEnum({ HIGH: { value: 3 }, LOW: { value: 1 } }))).toThrow(/enum Level: HIGH stands for 3/);
  });
});
