// A link's holder status is written twice: as SQL for the apiKeyLinks filter, and from the
// holder's row for the ApiKeyLink.status field. Each link must be listed under the status it shows.
import { afterAll, beforeAll, expect, it } from "vitest";
import { HOLDER_STATUSES } from "../src/links/holder-status.js";
import { removeServicePrincipals, upsertServicePrincipals } from "../src/mirror/service-principals.js";
import { markUsersDeleted } from "../src/mirror/users.js";
import { seedContoso } from "./support/company.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startTestServer, type TestServer } from "./support/server.js";

const LINK_KEY = /* GraphQL */ `mutation Link($input: LinkApiKeyInput!) { linkApiKey(input: $input) { status } }`;
const KEY_LINKS = /* GraphQL */ `
  query Links($filter: ApiKeyLinkFilter) {
    apiKeyLinks(filter: $filter, first: 100) { edges { node { apiKeyId status } } }
  }
`;

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  const { id } = await seedContoso(db.db, "contoso");
  await upsertServicePrincipals(db.db, id, [
    { id: "sp-live", appId: "app-live", displayName: "Live Bot", servicePrincipalType: "Application", accountEnabled: true },
    { id: "sp-off", appId: "app-off", displayName: "Off Bot", servicePrincipalType: "Application", accountEnabled: false },
    { id: "sp-gone", appId: "app-gone", displayName: "Gone Bot", servicePrincipalType: "Application", accountEnabled: true },
  ]);
  server = await startTestServer(db);
  const holders = { "key-ada": "u-ada", "key-linus": "u-linus", "key-grace": "u-grace", "key-live": "sp-live", "key-off": "sp-off", "key-gone": "sp-gone" };
  for (const [apiKeyId, holderId] of Object.entries(holders)) {
    const { body } = await server.request<any, object>(LINK_KEY, { input: { apiKeyId, holderId } }, { org: "contoso" });
    expect(body.errors).toBeUndefined();
  }
  // After linking: Grace leaves the tenant (a tombstone), and the Gone Bot is deleted outright.
  await markUsersDeleted(db.db, id, ["u-grace"]);
  await removeServicePrincipals(db.db, id, ["sp-gone"]);
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

it("lists every link under the status its field shows, and each status has its links", async () => {
  const listed = new Map<string, string>();
  for (const status of HOLDER_STATUSES) {
    const { body } = await server.request<any, object>(KEY_LINKS, { filter: { status } }, { org: "contoso" });
    for (const { node } of body.data.apiKeyLinks.edges) {
      expect(node.status, node.apiKeyId).toBe(status);
      listed.set(node.apiKeyId, status);
    }
  }
  expect(Object.fromEntries([...listed].sort())).toEqual({
    "key-ada": "ACTIVE",
    "key-gone": "MISSING",
    "key-grace": "DELETED",
    "key-linus": "DISABLED",
    "key-live": "ACTIVE",
    "key-off": "DISABLED",
  });
});
