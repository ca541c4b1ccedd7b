// Leaves go out as resolvers return them (compiled-executor.ts): graphql-js's serialisation, which
// would coerce them (a number to a string, an enum's internal value to its name) and check them,
// is skipped. This holds every resolver to that: each query of the schema that needs no argument,
// with every leaf it reaches four levels down, and a page of traces, answered by the server, are
// answered the same by graphql-js's own execution, serialisation included, on the same schema and
// data. A resolver returning, say, a count as a string for an Int fails here.
import {
  execute,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../src/graphql/context.js";
import { buildIdentitySchema } from "../src/graphql/schema.js";
import { connectTenant, startTenantAndServer, type ConnectedTenant } from "./support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { linkOperations } from "./support/trace-mixes.js";

/** The keys and session the links name; their holders are the tenant's. */
const LINKS = { email: "", otherEmail: "", personKey: "key-of-a-person", agentKey: "key-of-an-agent", session: "session-1" };

let db: TestDatabase;
let ct: ConnectedTenant;
let schema: GraphQLSchema;

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 40, groups: 8 });
  const agent = ct.tenant.addServicePrincipal({ displayName: "Trace pipeline agent" });
  await connectTenant(ct);
  // Links, as the trace mixes make them, so that apiKeyLinks and the access review have rows
  // (the person's key is held by a disabled account where there is one) and traces resolve by
  // key and session.
  const [holder, other] = ct.tenant.users;
  const disabled = ct.tenant.users.find((user) => !user.accountEnabled) ?? holder!;
  for (const [mutation, variables] of linkOperations({ ...LINKS, personKeyHolder: disabled.id, agentKeyHolder: agent.id, sessionHolder: other!.id })) {
    const linked = await ct.server.request(mutation, variables);
    expect(linked.body.errors).toBeUndefined();
  }
  schema = await buildIdentitySchema();
});
afterAll(async () => {
  await ct?.close();
  await db?.destroy();
});

const DEPTH = 4;

/** Every field of `type` that can be selected without arguments, its leaves and, below `depth`, its objects' leaves. */
function selection(type: GraphQLObjectType, depth: number): string {
  const fields = Object.values(type.getFields()).filter(withoutRequiredArguments);
  const parts = fields.flatMap((field) => {
    const named = getNamedType(field.type);
    if (isLeafType(named)) return [field.name];
    if (isObjectType(named) && depth > 1) {
      const inner = selection(named, depth - 1);
      return inner ? [`${field.name} { ${inner} }`] : [];
    }
    return [];
  });
  return parts.join(" ");
}

const withoutRequiredArguments = (field: GraphQLField<unknown, unknown>) =>
  field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined);

/** graphql-js's answer, as a client would read it: the same JSON as the server's. */
async function graphqlJsAnswer(source: string, variables: Record<string, unknown> = {}) {
  const caller = { subject: "admin", org: "default", roles: ["admin"] };
  const contextValue = createContext({ primary: db.db, leaseReads: () => db.leaseReads() }, ct.server.app.integrations, caller);
  const result = await execute({ schema, document: parse(source), contextValue, variableValues: variables });
  return JSON.parse(JSON.stringify(result));
}

describe("leaves answered as resolvers return them", () => {
  it("answers every query without required arguments, four levels deep, as graphql-js would", async () => {
    const queries = Object.values(schema.getQueryType()!.getFields()).filter(
      (field) => withoutRequiredArguments(field) && !field.name.startsWith("_"),
    );
    expect(queries.map((field) => field.name)).toEqual(
      expect.arrayContaining(["directoryUsers", "directoryGroups", "departments", "entraIntegrations", "accessReview", "apiKeyLinks"]),
    );
    const answers: Record<string, { totalCount?: number }> = {};
    for (const field of queries) {
      const named = getNamedType(field.type) as GraphQLObjectType;
      const source = `{ ${field.name} { ${selection(named, DEPTH)} } }`;
      const { body } = await ct.server.request(source);
      expect(body.errors, source).toBeUndefined();
      expect(body, source).toEqual(await graphqlJsAnswer(source));
      answers[field.name] = (body.data as Record<string, { totalCount?: number }>)[field.name]!;
    }
    // The answers compared had rows in them.
    expect(answers.directoryUsers?.totalCount).toBe(40);
    expect(answers.apiKeyLinks?.totalCount).toBe(2);
    expect(answers.accessReview?.totalCount).toBeGreaterThan(0);
  });

  it("answers a page of traces, every field of Trace four levels deep, as graphql-js would", async () => {
    const people = ct.tenant.users.filter((user) => user.mail).slice(0, 20);
    const representations = [
      ...people.map((user, i) => ({ __typename: "Trace", id: `t-${i}`, userEmail: user.mail })),
      { __typename: "Trace", id: "t-key", apiKeyId: LINKS.personKey },
      { __typename: "Trace", id: "t-session", sessionId: LINKS.session },
      { __typename: "Trace", id: "t-stranger", userEmail: "nobody@example.com" },
    ];
    const trace = schema.getType("Trace") as GraphQLObjectType;
    const source = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Trace { ${selection(trace, DEPTH)} } } }`;
    const { body } = await ct.server.request(source, { representations });
    expect(body.errors).toBeUndefined();
    const answer = body.data as { _entities: { user: { mail: string } | null }[] };
    expect(answer._entities.filter((entity) => entity.user)).toHaveLength(people.length + 2);
    expect(body).toEqual(await graphqlJsAnswer(source, { representations }));
  });
});
