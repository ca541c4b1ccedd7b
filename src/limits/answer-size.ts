// Refuses, before anything runs, a query whose answer could hold more values than
// MAX_QUERY_COST: nested lists multiply (a page of 50 groups, each listing 50 members, each in 20
// groups, each listing 50 members, is 2.5 million people), and one such query can grow the heap
// until the process dies, syncs and all. The estimate is made once the operation and its
// variables are known, so that a page size given as a variable, or left to its default, counts
// as much as one written in the query. Each field of the answer is a value, and a list multiplies
// what it holds:
// - a field taking `first` (a connection) by `first`, its default when not given (and no more
//   than the largest page, past which the field refuses it);
// - a list field given a list argument (`_entities(representations)`, `resolveIdentities(inputs)`)
//   by the number of items in it;
// - any other list of objects (a person's groups, a manager's reports) by ASSUMED_LIST_SIZE;
// - a list of scalars (a person's addresses) counts as one value.
import type { ApolloServerPlugin } from "@apollo/server";
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type InlineFragmentNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../graphql/connection.js";

/** How many items a list without paging is taken to hold: a person's groups, a manager's reports. */
export const ASSUMED_LIST_SIZE = 20;

/** What an answer may hold, and along which fields it grows most. */
export interface AnswerSize {
  /** Values (fields) the answer may hold. */
  readonly values: number;
  /** The lists that multiply the costliest part of the answer, outermost first: `directoryGroups.members.groups`. */
  readonly widest: readonly string[];
}

export function answerSizeLimitPlugin(maxValues: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema }) {
          if (!operation) return;
          const size = answerSize(schema, document, operation, request.variables ?? {});
          if (size.values > maxValues) {
            throw new GraphQLError(
              `This query could answer with about ${size.values.toLocaleString("en-US")} values, more than MAX_QUERY_COST (${maxValues.toLocaleString("en-US")}) allows${through(size.widest)}. Ask for smaller pages (first), fewer traces, or fewer nested lists.`,
              { extensions: { code: "GRAPHQL_VALIDATION_FAILED", http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}

function through(lists: readonly string[]): string {
  return lists.length ? `; it grows most through the lists ${lists.join(" > ")}` : "";
}

interface Walk {
  readonly schema: GraphQLSchema;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  readonly variables: Readonly<Record<string, unknown>>;
  /**
   * Each named fragment's size, walked once: fragments spreading fragments would otherwise be
   * walked once per path to them, exponentially many for a document of a few lines.
   */
  readonly fragmentSizes: Map<string, AnswerSize>;
}

/** The size of `operation`'s answer, a named fragment of `document` counted wherever it is spread. */
export function answerSize(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
): AnswerSize {
  const root = schema.getRootType(operation.operation);
  if (!root) return { values: 0, widest: [] };
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  // As the executor will see them: coerced, each variable left out given its definition's default.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  const walk = { schema, fragments, variables: coerced.coerced ?? variables, fragmentSizes: new Map() };
  return selectionSize(root, operation.selectionSet, walk, false);
}

// `paged`: the selection is of a connection, whose `first` already counted its edges.
function selectionSize(type: GraphQLCompositeType, selectionSet: SelectionSetNode, walk: Walk, paged: boolean): AnswerSize {
  let values = 0;
  let widest: AnswerSize = { values: 0, widest: [] };
  // A fragment spread again in the same selection adds nothing to the answer, as the executor merges it.
  const spread = new Set<string>();
  for (const selection of selectionSet.selections) {
    let size: AnswerSize | undefined;
    if (selection.kind === Kind.FIELD) {
      size = fieldSize(type, selection, walk, paged);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      size = fragmentSize(selection, type, walk, paged);
    } else if (!spread.has(selection.name.value)) {
      const name = selection.name.value;
      spread.add(name);
      const key = `${name}\u0000${paged}`;
      size = walk.fragmentSizes.get(key);
      if (!size) {
        const fragment = walk.fragments[name];
        size = fragment ? fragmentSize(fragment, type, walk, paged) : undefined;
        if (size) walk.fragmentSizes.set(key, size);
      }
    }
    if (!size) continue;
    values += size.values;
    if (size.values > widest.values) widest = size;
  }
  return { values, widest: widest.widest };
}

function fragmentSize(
  fragment: InlineFragmentNode | FragmentDefinitionNode,
  type: GraphQLCompositeType,
  walk: Walk,
  paged: boolean,
): AnswerSize | undefined {
  const condition = fragment.typeCondition ? walk.schema.getType(fragment.typeCondition.name.value) : type;
  return condition && isCompositeType(condition) ? selectionSize(condition, fragment.selectionSet, walk, paged) : undefined;
}

function fieldSize(parent: GraphQLCompositeType, node: FieldNode, walk: Walk, paged: boolean): AnswerSize {
  const name = node.name.value;
  const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  if (!node.selectionSet || !field) return { values: 1, widest: [] };
  const args = argumentValues(field, node, walk.variables);
  // A page past the largest is refused as it runs, naming `first`; null is the default page.
  const first = args.first;
  const pageSize = field.args.some((a) => a.name === "first")
    ? Math.min(Math.max(typeof first === "number" ? first : DEFAULT_PAGE_SIZE, 0), MAX_PAGE_SIZE)
    : undefined;
  const listArgument = Object.values(args).find((value) => Array.isArray(value));
  const isList = isListType(getNullableType(field.type));
  const count =
    pageSize ??
    (isList && Array.isArray(listArgument) ? listArgument.length : isList && !paged ? ASSUMED_LIST_SIZE : 1);
  const inner = selectionSize(getNamedType(field.type) as GraphQLCompositeType, node.selectionSet, walk, pageSize !== undefined);
  return { values: count * (1 + inner.values), widest: count > 1 ? [name, ...inner.widest] : inner.widest };
}

// Arguments as the resolver will get them: variables and defaults applied. A variable that does
// not fit fails the request as it runs, with its own error; until then the defaults stand.
function argumentValues(
  field: Parameters<typeof getArgumentValues>[0],
  node: FieldNode,
  variables: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, variables);
  } catch {
    return Object.fromEntries(field.args.filter((a) => a.defaultValue !== undefined).map((a) => [a.name, a.defaultValue]));
  }
}
