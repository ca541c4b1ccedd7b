// The answer size answer-size.ts estimates before a query runs, on the served schema: page sizes
// counted however they are given, `_entities` by its traces, and the largest page of enrichment
// within the default limit.
import { readFileSync } from "node:fs";
import { Kind, parse, type OperationDefinitionNode } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { buildIdentitySchema } from "../../src/graphql/schema.js";
import { answerSize, ASSUMED_LIST_SIZE } from "../../src/limits/answer-size.js";

type Schema = Awaited<ReturnType<typeof buildIdentitySchema>>;
let schema: Schema;

beforeAll(async () => {
  schema = await buildIdentitySchema();
});

function sizeOf(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return answerSize(schema, document, operation, variables);
}

const traces = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: "Trace", id: `t${i}` }));

describe("an answer's size", () => {
  it("counts a page the same whether its size is written, a variable, or the default", () => {
    const written = sizeOf(`{ directoryUsers(first: 50) { edges { node { id displayName } } } }`);
    const variable = sizeOf(`query($f: Int) { directoryUsers(first: $f) { edges { node { id displayName } } } }`, { f: 50 });
    const unset = sizeOf(`{ directoryUsers { edges { node { id displayName } } } }`);
    const nulled = sizeOf(`query($f: Int) { directoryUsers(first: $f) { edges { node { id displayName } } } }`, { f: null });
    // 50 edges, each the edge, its node, and the node's two fields; plus the connection itself.
    expect(written.values).toBe(50 * (1 + 1 + 1 + 2));
    expect([variable.values, unset.values, nulled.values]).toEqual([written.values, written.values, written.values]);
  });

  it("multiplies nested lists, a list without paging by the assumed size, and names them", () => {
    const size = sizeOf(`{ directoryGroups(first: 10) { edges { node { members(first: 5) { edges { node { groups { id } } } } } } } }`);
    // Per item of a page: the connection's share, the edge, the node; each member's groups of one field.
    const member = 1 + 1 + 1 + ASSUMED_LIST_SIZE * (1 + 1);
    expect(size.values).toBe(10 * (1 + 1 + 1 + 5 * member));
    expect(size.widest).toEqual(["directoryGroups", "members", "groups"]);
  });

  it("counts _entities by its traces, through the fragment on Trace", () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ...T } } fragment T on Trace { id user { id } }`;
    expect(sizeOf(query, { r: traces(10) }).values).toBe(10 * (1 + 1 + 2));
    expect(sizeOf(query, { r: traces(1000) }).values).toBe(1000 * (1 + 1 + 2));
  });

  it("takes a variable left out at its definition's default, as the executor will", () => {
    const defaulted = sizeOf(`query($f: Int = 500) { directoryUsers(first: $f) { edges { node { id } } } }`);
    expect(defaulted.values).toBe(sizeOf(`{ directoryUsers(first: 500) { edges { node { id } } } }`).values);
  });

  it("counts a fragment spread again in one selection once, as the executor merges it, however deep the spreads go", () => {
    // Five levels of a fragment spread thirty times in each: written out, 30^5 copies of one field.
    const levels = Array.from({ length: 5 }, (_, k) => `fragment F${k + 1} on DirectoryUser { ${`...F${k} `.repeat(30)}}`);
    const query = `{ directoryUserByEmail(email: "a@b.c") { ...F5 } } fragment F0 on DirectoryUser { id } ${levels.join(" ")}`;
    expect(sizeOf(query).values).toBe(sizeOf(`{ directoryUserByEmail(email: "a@b.c") { id } }`).values);
  });

  it("takes a page past the largest as the largest (the field refuses it as it runs)", () => {
    expect(sizeOf(`{ directoryUsers(first: 1000000) { totalCount } }`).values).toBe(sizeOf(`{ directoryUsers(first: 500) { totalCount } }`).values);
  });

  it("lets the enrichment of the largest page a gateway may send through the default limit", () => {
    const { limits } = loadConfig({});
    const enrichment = readFileSync(new URL("../operations/entities.graphql", import.meta.url), "utf8");
    expect(sizeOf(enrichment, { representations: traces(limits.maxRepresentations) }).values).toBeLessThanOrEqual(limits.maxQueryCost);
  });
});
