// Limits on the shape of a query, checked during validation by GraphQL Armor: depth, aliases,
// cost, tokens and directives. Past one, the query is refused with a message naming the limit.
//
// Federation traffic is deep by nature (`_entities` > Trace > user > manager > ...), so the
// defaults leave room for every query in docs/graphql-api.md and refuse only pathological ones.
import { ApolloArmor } from "@escape.tech/graphql-armor";

export interface QueryLimits {
  /** Deepest field nesting. */
  readonly maxQueryDepth: number;
  /** Most aliases in one operation (aliases multiply the work of one field). */
  readonly maxAliases: number;
  /** Armor's cost: each field costs more the deeper it sits. */
  readonly maxQueryCost: number;
}

export function queryLimitsProtection(limits: QueryLimits, options: { suggestFields: boolean }) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxQueryDepth },
    maxAliases: { n: limits.maxAliases },
    costLimit: { maxCost: limits.maxQueryCost },
    // A gateway's query plan for a large page is long; the other limits bound the work.
    maxTokens: { n: 10_000 },
    // "Did you mean ...?" reveals the schema; off whenever introspection is.
    blockFieldSuggestion: { enabled: !options.suggestFields },
  });
  return armor.protect();
}
