// type-graphql's resolvers without the per-call machinery that does nothing for them.
//
// type-graphql wraps every field. A plain property gets a resolver that builds a ResolverData and
// runs an empty middleware chain before reading the property; a @FieldResolver method gets one
// that fetches its class instance, sorts its parameter list, converts and "validates" each
// argument (through a promise) and spreads them, on every call. A page of 1,000 enriched traces
// is tens of thousands of such calls, and the garbage they leave was most of the request's
// collection time (see BENCHMARKS.md).
//
// Where a field has no middleware and no @Authorized roles, that machinery is removed: a plain
// property resolves by GraphQL's default (graphql-jit reads it inline), and a method is called
// directly with its parameters prepared once. Anything else (middlewares, roles, input-type or
// @Args arguments, validation, custom decorators) keeps type-graphql's own resolver.
//
// A field declared `simple` asks for graphql-js's default resolver, which calls a function-valued
// property (a connection's lazy totalCount); graphql-jit reads properties without calling them,
// so those fields get that resolver explicitly.
import { defaultFieldResolver, GraphQLScalarType } from "graphql";
import { getMetadataStorage, type BuildSchemaOptions } from "type-graphql";

type Resolver = (root: any, args: any, context: any, info: any) => unknown;
export type ResolversMap = Record<string, Record<string, unknown>>;

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type FieldResolverMetadata = MetadataStorage["fieldResolvers"][number];
type ParamMetadata = NonNullable<FieldResolverMetadata["params"]>[number];

/**
 * Lightens `resolvers` (type-graphql's `createResolversMap` of a schema built with `options`) in
 * place, and returns it.
 */
export function leanResolvers(resolvers: ResolversMap, options: BuildSchemaOptions): ResolversMap {
  const storage = getMetadataStorage();
  const typeNameOf = new Map(storage.objectTypes.map((type) => [type.target, type.name]));
  const methodFields = new Set(
    storage.fieldResolvers.map((fieldResolver) => `${typeNameOf.get(fieldResolver.getObjectType!())}.${fieldResolver.schemaName}`),
  );
  // Global middlewares and validators apply to every field: then nothing may be bypassed.
  const bypass = !((options.globalMiddlewares?.length ?? 0) > 0 || options.validateFn || options.validate);

  for (const type of storage.objectTypes) {
    const fields = resolvers[type.name];
    if (!fields) continue;
    for (const field of type.fields ?? []) {
      if (methodFields.has(`${type.name}.${field.schemaName}`)) continue;
      if (field.simple ?? type.simpleResolvers) fields[field.schemaName] = defaultFieldResolver;
      // GraphQL's default resolver reads the field's schema name; type-graphql reads the property's.
      else if (bypass && !hasMachinery(field) && field.name === field.schemaName) delete fields[field.schemaName];
    }
  }
  if (!bypass) return resolvers;

  const resolverClasses = new Set<Function>(options.resolvers as Function[]);
  const instances = new Map<Function, ResolverInstance>();
  for (const fieldResolver of storage.fieldResolvers) {
    if (fieldResolver.kind !== "external" || !resolverClasses.has(fieldResolver.target) || hasMachinery(fieldResolver)) continue;
    const fields = resolvers[typeNameOf.get(fieldResolver.getObjectType!()) ?? ""];
    const target = fieldResolver.target as new () => ResolverInstance;
    // Classes taking constructor parameters come from a container; leave those to type-graphql.
    if (!fields || target.length > 0) continue;
    const parameters = (fieldResolver.params ?? []).slice().sort((a, b) => a.index - b.index).map(parameterReader);
    if (parameters.some((read) => read === null)) continue;
    if (!instances.has(target)) instances.set(target, new target());
    fields[fieldResolver.schemaName] = directCall(instances.get(target)!, fieldResolver.methodName, parameters as ParameterReader[]);
  }
  return resolvers;
}

function hasMachinery(field: { roles?: unknown[]; middlewares?: unknown[] }): boolean {
  return field.roles !== undefined || (field.middlewares?.length ?? 0) > 0;
}

type ParameterReader = Resolver;
type ResolverInstance = Record<string, (...params: unknown[]) => unknown>;

/** How to read one parameter from a resolver call; null when type-graphql must convert it. */
function parameterReader(param: ParamMetadata): ParameterReader | null {
  switch (param.kind) {
    case "root": {
      // A root declared as a class would be copied into an instance of it: keep that to type-graphql.
      const type = param.getType?.();
      if (type !== undefined && type !== Object) return null;
      const property = param.propertyName;
      return property ? (root) => root[property] : (root) => root;
    }
    case "context": {
      const property = param.propertyName;
      return property ? (_root, _args, context) => context[property] : (_root, _args, context) => context;
    }
    case "info":
      return (_root, _args, _context, info) => info;
    case "arg": {
      // Scalars and enums arrive as they are; input types become class instances in type-graphql.
      if (param.validateFn || param.validateSettings) return null;
      const type: unknown = param.getType();
      const plain =
        type === String || type === Number || type === Boolean || type === Date || type instanceof GraphQLScalarType || (typeof type === "object" && type !== null);
      const name = param.name;
      return plain ? (_root, args) => args[name] : null;
    }
    default:
      return null;
  }
}

function directCall(instance: ResolverInstance, methodName: string, read: ParameterReader[]): Resolver {
  const method = instance[methodName]!;
  switch (read.length) {
    case 1:
      return (root, args, context, info) => method.call(instance, read[0]!(root, args, context, info));
    case 2:
      return (root, args, context, info) =>
        method.call(instance, read[0]!(root, args, context, info), read[1]!(root, args, context, info));
    default:
      return (root, args, context, info) => method.apply(instance, read.map((parameter) => parameter(root, args, context, info)));
  }
}
