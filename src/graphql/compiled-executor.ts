// Executes operations with graphql-jit: each document is compiled once, for its shape, into a
// function that walks the result without graphql-js's per-field interpretation (argument
// coercion, path and info objects, promise bookkeeping), which dominated the cost of a page of
// enriched traces (see BENCHMARKS.md).
//
// Apollo Server accepts a custom executor through its `gateway` option. Only execution changes:
// parsing, validation (query limits included), the plugins (auth, representation limit), error
// formatting and HTTP stay Apollo Server's. Where graphql-jit differs from graphql-js, this keeps
// graphql-js's answers (variable errors, error extensions, below), but for two:
// - a field without a resolver is read as a property and never called as a function; the fields
//   that count on graphql-js calling one (type-graphql's `simple` fields) get its default resolver
//   explicitly (see lean-resolvers.ts);
// - strings, IDs, booleans, numbers and enum values go out as the resolvers return them, without
//   graphql-js's serialisation. That serialisation coerces (a number to a string, an enum's
//   internal value to its name) and checks; our resolvers already return the declared types,
//   from typed rows (test/unserialised-leaves.test.ts compares the server's answers with
//   graphql-js's over the whole schema), and every enum is named by its own values (see
//   enum-type.ts). graphql-jit's serialising path builds an error location and a response path
//   for every leaf of the answer, used only if that leaf failed: a third of the garbage of a
//   page of traces. Custom scalars (DateTimeISO, _Any) are still serialised.
import type { ApolloServerOptionsWithGateway, BaseContext } from "@apollo/server";
import { GraphQLError, getVariableValues, isEnumType, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery, type CompilerOptions } from "graphql-jit";
import { withoutValues } from "./value-errors.js";

/** How every operation is compiled: leaves unserialised (above). */
export const COMPILER_OPTIONS: Partial<CompilerOptions> = { disableLeafSerialization: true };

type Gateway = ApolloServerOptionsWithGateway<BaseContext>["gateway"];
type SchemaListener = Parameters<Gateway["onSchemaLoadOrUpdate"]>[0];

/** An executor for `schema`, shaped as the gateway Apollo Server delegates execution to. */
export function compiledExecutor(schema: GraphQLSchema): Gateway {
  requireEnumsNamedByTheirValues(schema);
  // Apollo Server keeps parsed documents in its document store, so a repeated operation arrives
  // as the same DocumentNode: compiled queries live as long as their document does.
  // Only queries that compiled are kept: unknown operation names must not grow the cache.
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery>>();
  const compile = (document: DocumentNode, operationName: string | undefined): CompiledQuery | ExecutionResult => {
    let byOperation = compiled.get(document);
    if (!byOperation) compiled.set(document, (byOperation = new Map()));
    let query: CompiledQuery | ExecutionResult | undefined = byOperation.get(operationName ?? "");
    if (!query) {
      query = compileQuery(schema, document, operationName, COMPILER_OPTIONS);
      if (isCompiledQuery(query)) byOperation.set(operationName ?? "", query);
    }
    return query;
  };
  const listeners = new Set<SchemaListener>();
  return {
    onSchemaLoadOrUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async load() {
      // The schema never changes while the server runs; there is no supergraph behind it.
      for (const listener of listeners) listener({ apiSchema: schema, coreSupergraphSdl: "" });
      return {
        executor: async ({ document, operation, request, context }) => {
          const query = compile(document, request.operationName);
          // A document that does not compile (no such operation) answers with its errors.
          if (!isCompiledQuery(query)) return query;
          const variables = request.variables ?? {};
          const result = await query.query(undefined, context, variables);
          if (!("data" in result)) return variableErrors(schema, operation, variables, result);
          return result.errors ? { ...result, errors: result.errors.map(withExtensions) } : result;
        },
      };
    },
    async stop() {
      listeners.clear();
    },
  };
}

/**
 * Leaves are not serialised (above), so an enum whose names stand for other internal values would
 * answer those values: such a schema is refused when the server is built, not found in an answer.
 */
function requireEnumsNamedByTheirValues(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isEnumType(type)) continue;
    const renamed = type.getValues().find((value) => value.value !== value.name);
    if (renamed) {
      throw new Error(
        `enum ${type.name}: ${renamed.name} stands for ${String(renamed.value)}; the compiled executor answers enum values as resolvers return them, so each must be named by its own value (declare the enum with enumType)`,
      );
    }
  }
}

/**
 * graphql-jit leaves `extensions` undefined on errors raised without any (internal ones), where
 * graphql-js gives `{}`; Apollo Server reads it unguarded and, failing, would drop the error's
 * path from the masked answer.
 */
function withExtensions(error: GraphQLError): GraphQLError {
  if (error.extensions) return error;
  const copy = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? error });
  return Object.assign(copy, { locations: error.locations });
}

/**
 * A result without data is one whose variables did not coerce. graphql-jit reports those without
 * the variable's definition, which Apollo Server needs to answer BAD_USER_INPUT rather than an
 * internal error; graphql-js's coercion says the same with it, so it speaks for them, without
 * the values it quotes (value-errors.ts).
 */
function variableErrors(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  result: ExecutionResult,
): ExecutionResult {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  return coerced.errors ? { errors: coerced.errors.map(withoutValues) } : result;
}
