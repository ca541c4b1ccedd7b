// leanResolvers removes type-graphql's per-call wrapper only where it does nothing: a field
// guarded by @Authorized, or one whose argument is an input type, keeps type-graphql's resolver.
// Queries run compiled by graphql-jit, as the server runs them.
import "reflect-metadata";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type ExecutionResult, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery } from "graphql-jit";
import {
  Arg,
  Authorized,
  buildSchema,
  createResolversMap,
  Ctx,
  Field,
  FieldResolver,
  InputType,
  Int,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
  Root,
  type BuildSchemaOptions,
} from "type-graphql";
import { describe, expect, it } from "vitest";
import { COMPILER_OPTIONS } from "../src/graphql/compiled-executor.js";
import { leanResolvers, type ResolversMap } from "../src/graphql/lean-resolvers.js";

enum Shout {
  LOUD = "LOUD",
  QUIET = "QUIET",
}
registerEnumType(Shout, { name: "Shout" });

@InputType()
class Suffix {
  @Field()
  text: string;
}

@ObjectType()
class Thing {
  @Field()
  name: string;

  @Field(() => Int, { simple: true, description: "Counted only when asked for." })
  parts: number;

  @Authorized("admin")
  @Field()
  secret: string;
}

type ThingRow = { name: string; secret: string; parts: () => Promise<number> };
type Caller = { admin: boolean };

@Resolver(() => Thing)
class ThingResolver {
  @Query(() => Thing)
  thing(): ThingRow {
    return { name: "kettle", secret: "the key is under the mat", parts: async () => 3 };
  }

  @FieldResolver(() => String)
  greeting(@Root() thing: ThingRow, @Arg("shout", () => Shout) shout: Shout): string {
    return shout === Shout.LOUD ? `HELLO ${thing.name.toUpperCase()}` : `hello ${thing.name}`;
  }

  @Authorized("admin")
  @FieldResolver(() => String)
  owner(@Root() thing: ThingRow, @Ctx() caller: Caller): string {
    return `${thing.name} belongs to ${caller.admin ? "an admin" : "someone"}`;
  }

  @FieldResolver(() => String)
  labelled(@Root() thing: ThingRow, @Arg("suffix", () => Suffix) suffix: Suffix): string {
    return `${thing.name}${suffix instanceof Suffix ? suffix.text : " (not converted)"}`;
  }
}

async function leanSchema() {
  const options: BuildSchemaOptions = {
    resolvers: [ThingResolver],
    authChecker: ({ context }) => (context as Caller).admin,
    validate: false,
  };
  const schema = await buildSchema(options);
  const resolvers = leanResolvers(createResolversMap(schema) as ResolversMap, options);
  return {
    resolvers,
    schema: buildSubgraphSchema([{ typeDefs: parse(printSchemaWithDirectives(schema)), resolvers: resolvers as never }]),
  };
}

const QUERY = `{ thing { name greeting(shout: LOUD) labelled(suffix: { text: "!" }) parts } }`;

/** Runs `source` as the server does: compiled by graphql-jit. */
async function run(schema: GraphQLSchema, source: string, caller: Caller): Promise<ExecutionResult> {
  const query = compileQuery(schema, parse(source), undefined, COMPILER_OPTIONS);
  if (!isCompiledQuery(query)) throw new Error(JSON.stringify(query.errors));
  return query.query(undefined, caller, {});
}

describe("lean resolvers", () => {
  it("resolves plain fields by default, calls field resolvers directly, and calls a simple field's function", async () => {
    const { schema, resolvers } = await leanSchema();
    expect(resolvers.Thing).not.toHaveProperty("name");
    const result = await run(schema, QUERY, { admin: false });
    expect(result).toEqual({ data: { thing: { name: "kettle", greeting: "HELLO KETTLE", labelled: "kettle!", parts: 3 } } });
  });

  it("keeps @Authorized on plain fields and on field resolvers", async () => {
    const { schema } = await leanSchema();
    for (const field of ["secret", "owner"]) {
      const refused = await run(schema, `{ thing { ${field} } }`, { admin: false });
      expect(refused.errors?.map((error) => error.message)).toEqual([expect.stringContaining("Access denied")]);
    }
    const allowed = await run(schema, `{ thing { secret owner } }`, { admin: true });
    expect(allowed).toEqual({ data: { thing: { secret: "the key is under the mat", owner: "kettle belongs to an admin" } } });
  });
});
