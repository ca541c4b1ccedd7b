// What a client sees of errors raised while an operation runs (the compiled executor's side of
// them): bad variables are the caller's to fix, coded errors keep their codes, and anything else
// is masked, with nothing of the database in it. Text PostgreSQL cannot hold (a NUL) in any
// argument is refused as BAD_USER_INPUT naming the argument where it would be stored or filtered
// on, matches no one where it is looked up, and is never an internal error.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedContoso } from "./support/company.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startTestServer, type TestServer } from "./support/server.js";

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedContoso(db.db, "contoso");
  server = await startTestServer(db);
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

const asReader = { org: "contoso", roles: [] };

describe("errors while executing an operation", () => {
  it("answers a variable of the wrong type, or a missing one, with 400 and BAD_USER_INPUT naming the variable", async () => {
    const wrongType = await server.request(`query($first: Int) { directoryUsers(first: $first) { totalCount } }`, { first: "ten" }, asReader);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors).toMatchObject([
      {
        message: 'Variable "$first" got invalid value at "first"; Int cannot represent non-integer value',
        extensions: { code: "BAD_USER_INPUT", field: "first" },
      },
    ]);
    const missing = await server.request(`query($id: ID!) { directoryUser(id: $id) { displayName } }`, {}, asReader);
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toMatchObject([
      { message: expect.stringContaining('Variable "$id" of required type "ID!" was not provided'), extensions: { code: "BAD_USER_INPUT" } },
    ]);
  });

  it("never quotes back the value of a variable it refuses: a credential with a field misspelt, or of the wrong type", async () => {
    const test = `mutation($input: EntraCredentialsInput!) { testEntraConnection(input: $input) { authenticated } }`;
    const secret = "Q7~never-echo-this-secret";
    const privateKeyPem = "-----BEGIN PRIVATE KEY-----\nMIIEvnever-echo-this-key\n-----END PRIVATE KEY-----";
    const tenant = { tenantId: "contoso.onmicrosoft.com", clientId: "7d0c1f4e-3b8a-4a47-9c1e-2f6a1b3c4d5e" };
    const misspelt = await server.request(test, { input: { ...tenant, clientSecret: secret, clientSecrett: secret } });
    const wrongType = await server.request(test, { input: { ...tenant, clientSecret: [secret] } });
    const unknownInCertificate = await server.request(test, {
      input: { ...tenant, certificate: { certificatePem: "public", privateKeyPem, pem: privateKeyPem } },
    });
    // A secret pasted into the wrong field: an enum's, a date's.
    const asCloud = await server.request(test, { input: { ...tenant, clientSecret: secret, cloud: secret } });
    const asDate = await server.request(test, { input: { ...tenant, clientSecret: secret, clientSecretExpiresAt: `prod: ${secret}` } });
    for (const { status, body } of [misspelt, wrongType, unknownInCertificate, asCloud, asDate]) {
      expect(status).toBe(400);
      expect(JSON.stringify(body)).not.toMatch(/never-echo/);
    }
    const refusals: [typeof misspelt, string, string][] = [
      [
        misspelt,
        'Variable "$input" got invalid value at "input"; Field "clientSecrett" is not defined by type "EntraCredentialsInput". Did you mean "clientSecret"?',
        "input",
      ],
      [wrongType, 'Variable "$input" got invalid value at "input.clientSecret"; String cannot represent a non string value', "input.clientSecret"],
      [asCloud, 'Variable "$input" got invalid value at "input.cloud"; The value does not exist in "AzureCloud" enum.', "input.cloud"],
      [
        asDate,
        'Variable "$input" got invalid value at "input.clientSecretExpiresAt"; The value is not a valid DateTime',
        "input.clientSecretExpiresAt",
      ],
    ];
    for (const [response, message, field] of refusals) {
      expect(response.body.errors).toMatchObject([{ message, extensions: { code: "BAD_USER_INPUT", field } }]);
    }
    expect(unknownInCertificate.body.errors).toMatchObject([{ extensions: { code: "BAD_USER_INPUT", field: "input.certificate" } }]);
    // Written into the document rather than sent as a variable: refused by validation, as quietly.
    const inDocument = (fields: string) =>
      server.request(`mutation { testEntraConnection(input: { tenantId: "${tenant.tenantId}", clientId: "${tenant.clientId}", ${fields} }) { authenticated } }`);
    for (const [fields, message] of [
      [`clientSecret: "x", clientSecretExpiresAt: "prod: ${secret}"`, "The value is not a valid DateTime"],
      [`clientSecret: { value: "${secret}" }`, "String cannot represent a non string value"],
      [`clientSecret: "x", cloud: Q7_never_echo_this`, 'The value does not exist in "AzureCloud" enum.'],
      [`clientSecret: ["${secret}"]`, "String cannot represent a non string value"],
      // Made to look like graphql-js's suggestion: its quotes come escaped, so it is not one.
      [`clientSecret: "x", cloud: "never-echo\\". Did you mean \\"GLOBAL\\"?"`, 'Enum "AzureCloud" cannot represent non-enum value'],
    ]) {
      const { status, body } = await inDocument(fields!);
      expect(status).toBe(400);
      expect(JSON.stringify(body)).not.toMatch(/never.echo/);
      expect(body.errors).toMatchObject([{ message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }]);
    }
    // graphql-js's suggestions name the schema's values, and a null is no one's secret: both kept.
    for (const [document, message] of [
      [`{ directoryUser(id: null) { id } }`, 'Expected value of type "ID!", found null.'],
      [
        `mutation { testEntraConnection(input: { tenantId: "${tenant.tenantId}", clientId: "${tenant.clientId}", clientSecret: "x", cloud: "GLOBAL" }) { authenticated } }`,
        'Enum "AzureCloud" cannot represent non-enum value. Did you mean the enum value "GLOBAL"?',
      ],
    ]) {
      const { body } = await server.request(document!);
      expect(body.errors).toMatchObject([{ message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }]);
    }
    // A reason about the shape, which names no value, is kept whole.
    const nullName = await server.request(test, { input: { ...tenant, clientSecret: null, certificate: { certificatePem: null, privateKeyPem } } });
    expect(nullName.body.errors).toMatchObject([
      { message: 'Variable "$input" got invalid value at "input.certificate.certificatePem"; Expected non-nullable type "String!" not to be null.' },
    ]);
  });

  it("keeps the code and field of an error a resolver raises", async () => {
    const tooMany = await server.request(`query($first: Int) { directoryUsers(first: $first) { totalCount } }`, { first: 501 }, asReader);
    expect(tooMany.body.errors).toMatchObject([{ path: ["directoryUsers"], extensions: { code: "BAD_USER_INPUT", field: "first" } }]);
  });

  it("masks a failure of the database as an internal error at the field's path, without SQL or stack", async () => {
    await db.db.execute(sql`alter table directory_roles rename to directory_roles_away`);
    try {
      const { status, body } = await server.request(`{ directoryUser(id: "u-ada") { displayName roles { displayName } } }`, {}, asReader);
      expect(status).toBe(200);
      expect(body.data).toEqual({ directoryUser: null });
      expect(body.errors).toEqual([
        { message: "Internal server error", path: ["directoryUser", "roles"], extensions: { code: "INTERNAL_SERVER_ERROR" } },
      ]);
    } finally {
      await db.db.execute(sql`alter table directory_roles_away rename to directory_roles`);
    }
  });
});

const NUL = "\u0000";

async function errorsOf(query: string, variables: Record<string, unknown>) {
  const { body } = await server.request(query, variables, { org: "contoso", roles: ["admin"] });
  return { data: body.data, errors: (body.errors ?? []).map((e) => ({ code: e.extensions?.code, field: e.extensions?.field })) };
}

describe("a NUL in an argument", () => {
  it("is refused as BAD_USER_INPUT naming the argument where it would be filtered on or stored", async () => {
    const refused: [string, Record<string, unknown>, string][] = [
      [`query($s: String) { directoryUsers(filter: { search: $s }) { totalCount } }`, { s: `ada${NUL}` }, "filter.search"],
      [`query($d: String) { directoryUsers(filter: { department: $d }) { totalCount } }`, { d: `Eng${NUL}` }, "filter.department"],
      [`query($g: ID) { directoryUsers(filter: { groupId: $g }) { totalCount } }`, { g: `g-m365${NUL}` }, "filter.groupId"],
      [`query($s: String) { directoryGroups(filter: { search: $s }) { totalCount } }`, { s: `apollo${NUL}` }, "filter.search"],
      [`query($h: ID) { apiKeyLinks(filter: { holderId: $h }) { totalCount } }`, { h: `u-ada${NUL}` }, "filter.holderId"],
      [
        `mutation($i: LinkApiKeyInput!) { linkApiKey(input: $i) { apiKeyId } }`,
        { i: { apiKeyId: "key-1", holderId: `u-ada${NUL}` } },
        "holderId",
      ],
      [
        `mutation($i: LinkApiKeyInput!) { linkApiKey(input: $i) { apiKeyId } }`,
        { i: { apiKeyId: "key-1", holderId: "u-ada", label: `laptop${NUL}` } },
        "label",
      ],
      [`mutation($h: ID!) { linkSession(sessionId: "s-1", holderId: $h) { sessionId } }`, { h: `u-ada${NUL}` }, "holderId"],
      [`mutation($s: String!) { unlinkSession(sessionId: $s) }`, { s: `s-1${NUL}` }, "sessionId"],
    ];
    for (const [query, variables, field] of refused) {
      expect(await errorsOf(query, variables), query).toMatchObject({ errors: [{ code: "BAD_USER_INPUT", field }] });
    }
    const { body } = await server.request(`{ apiKeyLinks { totalCount } }`, {}, { org: "contoso", roles: ["admin"] });
    expect(body.data).toEqual({ apiKeyLinks: { totalCount: 0 } });
  });

  it("matches no one where it is looked up", async () => {
    const lookups: [string, Record<string, unknown>][] = [
      [`query($id: ID!) { directoryUser(id: $id) { id } }`, { id: `u-ada${NUL}` }],
      [`query($e: String!) { directoryUserByEmail(email: $e) { id } }`, { e: `ada@contoso.com${NUL}` }],
      [`query($id: ID!) { directoryServicePrincipal(id: $id) { id } }`, { id: `sp${NUL}` }],
    ];
    for (const [query, variables] of lookups) {
      const answer = await errorsOf(query, variables);
      expect(answer.errors, query).toEqual([]);
      expect(Object.values(answer.data as object), query).toEqual([null]);
    }
    const identities = await errorsOf(`query($in: [IdentityInput!]!) { resolveIdentities(inputs: $in) { userId } }`, {
      in: [{ email: "ada@contoso.com" }, { email: `ada@contoso.com${NUL}` }],
    });
    expect(identities).toMatchObject({ errors: [], data: { resolveIdentities: [{ userId: "u-ada" }, { userId: null }] } });
  });
});
