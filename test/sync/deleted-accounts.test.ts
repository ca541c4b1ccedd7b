// Soft or hard: a full resync lists only the users that exist, and tells those merely soft-deleted
// (restorable, in the directory's deleted items) from those gone for good. The first stay as
// DELETED tombstones, so past traces and keys still name them; the others leave the mirror.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectTenant, startTenantAndServer, syncNow, type ConnectedTenant } from "../support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const PERSON = /* GraphQL */ `
  query Person($id: ID!, $email: String!) {
    directoryUser(id: $id) { accountStatus }
    directoryUserByEmail(email: $email) { id }
  }
`;
const LINK_KEY = /* GraphQL */ `mutation Link($input: LinkApiKeyInput!) { linkApiKey(input: $input) { apiKeyId } }`;
const REVIEW = /* GraphQL */ `query { accessReview { edges { node { kind subjectId } } } }`;

let db: TestDatabase;
let ct: ConnectedTenant;
let integrationId: string;

/** The person's status as a caller sees it, and whether their address still finds them; null: unknown. */
async function person(id: string): Promise<{ status: string | null; foundByEmail: boolean }> {
  const user = ct.tenant.user(id) ?? ct.tenant.deletedUser(id);
  const email = user?.mail ?? `${id}@nowhere.example`;
  const { body } = await ct.server.request<any, object>(PERSON, { id, email });
  expect(body.errors).toBeUndefined();
  return { status: body.data.directoryUser?.accountStatus ?? null, foundByEmail: body.data.directoryUserByEmail?.id === id };
}

async function findingsOf(id: string): Promise<string[]> {
  const { body } = await ct.server.request<any, object>(REVIEW);
  expect(body.errors).toBeUndefined();
  return (body.data.accessReview.edges as { node: { kind: string; subjectId: string } }[])
    .filter((e) => e.node.subjectId === id)
    .map((e) => e.node.kind);
}

/** Two people with keys, synced, then deleted while no incremental run looks: one soft, one hard. */
async function deleteTwoPeople(): Promise<{ soft: string; hard: string }> {
  const soft = ct.tenant.hireUser({ displayName: "Sol Soft" }).id;
  const hard = ct.tenant.hireUser({ displayName: "Hal Hard" }).id;
  await syncNow(ct, integrationId);
  for (const holder of [soft, hard]) {
    const { body } = await ct.server.request(LINK_KEY, { input: { apiKeyId: `key-${holder}`, holderId: holder } });
    expect(body.errors).toBeUndefined();
  }
  ct.tenant.softDeleteUser(soft);
  ct.tenant.softDeleteUser(hard);
  ct.tenant.hardDeleteUser(hard);
  return { soft, hard };
}

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 30, groups: 3 });
  integrationId = (await connectTenant(ct)).id;
});
beforeEach(() => ct.emulator.faults.clear());
afterAll(async () => {
  await ct?.close();
  await db?.destroy();
});

describe("a forced full resync", () => {
  it("keeps a soft-deleted person as a DELETED tombstone, and lets a permanently deleted one go", async () => {
    const { soft, hard } = await deleteTwoPeople();

    const integration = await syncNow(ct, integrationId, "FULL");

    expect(integration).toMatchObject({ status: "CONNECTED", lastSync: { mode: "FULL", status: "SUCCEEDED", usersRemoved: 2 } });
    expect(await person(soft)).toEqual({ status: "DELETED", foundByEmail: true });
    expect(await person(hard)).toEqual({ status: null, foundByEmail: false });
    expect(await findingsOf(soft)).toEqual(["DELETED_ACCOUNT"]);
    expect(await findingsOf(hard)).toEqual(["MISSING_IDENTITY"]);
  });

  it("lets a tombstone go once Entra purges it from its deleted items", async () => {
    const leaver = ct.tenant.hireUser({ displayName: "Lee Leaver" }).id;
    await syncNow(ct, integrationId);
    ct.tenant.softDeleteUser(leaver);
    await syncNow(ct, integrationId);
    expect((await person(leaver)).status).toBe("DELETED");

    ct.tenant.hardDeleteUser(leaver);
    await syncNow(ct, integrationId, "FULL");

    expect((await person(leaver)).status).toBeNull();
  });

  it("keeps every missing person as a tombstone, with a warning, when Graph refuses the deleted items", async () => {
    const { soft, hard } = await deleteTwoPeople();
    // Refused twice: a first refusal is sent again with a token issued anew, and refused again.
    ct.emulator.faults.unavailable(2, 403, undefined, { pathPrefix: "/v1.0/directory/deletedItems/" });

    const integration = await syncNow(ct, integrationId, "FULL");

    expect(integration).toMatchObject({ status: "WARNING", lastSync: { mode: "FULL", status: "SUCCEEDED" } });
    expect((await person(soft)).status).toBe("DELETED");
    expect((await person(hard)).status).toBe("DELETED");
    // Told apart by the next full resync Graph answers.
    await syncNow(ct, integrationId, "FULL");
    expect((await person(hard)).status).toBeNull();
  });
});

describe("an incremental run", () => {
  it("keeps a person Graph says is removed, without saying why, as a DELETED tombstone", async () => {
    const leaver = ct.tenant.hireUser({ displayName: "Rae Reasonless" }).id;
    await syncNow(ct, integrationId);
    ct.tenant.softDeleteUser(leaver);
    ct.tenant.removalsWithoutReason = true;
    try {
      expect((await syncNow(ct, integrationId)).lastSync).toMatchObject({ mode: "INCREMENTAL", status: "SUCCEEDED", usersRemoved: 1 });
    } finally {
      ct.tenant.removalsWithoutReason = false;
    }
    expect(await person(leaver)).toEqual({ status: "DELETED", foundByEmail: true });
  });
});
