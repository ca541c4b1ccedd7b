// Limits on the shape of a query, checked during validation by GraphQL Armor: depth, aliases
// and directives. Past one, the query is refused with a message naming the limit. (Its size is
// answer-size.ts's: Armor's cost counts only page sizes written in the query, not those given as
// variables or left to their defaults.) Tokens are
// counted by graphql-js's parser (`MAX_QUERY_TOKENS`, given to Apollo Server as `parseOptions`),
// which answers HTTP 400: Armor counts them in a plugin hook whose error Apollo Server answers as
// a failure of its own, HTTP 500.
//
// Federation traffic is deep by nature (`_entities` > Trace > user > manager > ...), so the
// defaults leave room for every query in docs/graphql-api.md and refuse only pathological ones.
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { GraphQLError, type ValidationContext } from "graphql";

export interface QueryLimits {
  /** Deepest field nesting. */
  readonly maxQueryDepth: number;
  /** Most aliases in one operation (aliases multiply the work of one field). */
  readonly maxAliases: number;
}

/** Most tokens a document may hold: a gateway's query plan for a large page is long, and the other limits bound the work. */
export const MAX_QUERY_TOKENS = 10_000;

// Armor words each refusal "Syntax Error: ..." although the query parsed: reported without it, the
// message names the limit alone ("Query depth limit of 15 exceeded, found 16.").
const reject = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ""), { nodes: error.nodes })),
  ],
};

export function queryLimitsProtection(limits: QueryLimits, options: { suggestFields: boolean }) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxQueryDepth, ...reject },
    maxAliases: { n: limits.maxAliases, ...reject },
    maxDirectives: reject,
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    // "Did you mean ...?" reveals the schema; off whenever introspection is.
    blockFieldSuggestion: { enabled: !options.suggestFields },
  });
  return armor.protect();
}
