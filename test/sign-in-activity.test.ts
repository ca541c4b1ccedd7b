// Sign-in activity, synced from the emulator where the app holds AuditLog.Read.All and the tenant
// has Entra ID P1: each person's last sign-in, the access review's inactive key holders, and
// nothing found (rather than something wrong) without the permission or the licence.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADD_INTEGRATION, connectTenant, startTenantAndServer, syncNow, type ConnectedTenant } from "./support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().replace(/\.\d{3}Z$/, ".000Z");
const SIGN_IN_READ = "/v1.0/users";

const LAST_SIGN_IN = /* GraphQL */ `query Last($id: ID!) { directoryUser(id: $id) { lastSignInAt } }`;
const LINK_KEY = /* GraphQL */ `mutation Link($input: LinkApiKeyInput!) { linkApiKey(input: $input) { apiKeyId } }`;
const INACTIVE = /* GraphQL */ `
  query Inactive($days: Int) {
    accessReview(filter: { kinds: [INACTIVE_ACCOUNT] }, inactiveDays: $days) { edges { node { subjectId detail apiKeyIds } } }
  }
`;

let db: TestDatabase;
let ct: ConnectedTenant;
let integrationId: string;
const ids = { recent: "", dormant: "", never: "", sprayed: "", unrecorded: "", forgotten: "", newHire: "" };
const signedIn = { recent: daysAgo(10), dormant: daysAgo(200), sprayed: daysAgo(150) };
const created = { forgotten: daysAgo(400), newHire: daysAgo(10) };
/** Since when Graph records successful sign-ins: an account with none recorded has had none since. */
const SUCCESSES_RECORDED_SINCE = "2023-12-01T00:00:00.000Z";

async function lastSignIn(id: string, org = "default") {
  const { body } = await ct.server.request<any, object>(LAST_SIGN_IN, { id }, { org });
  expect(body.errors).toBeUndefined();
  return body.data.directoryUser.lastSignInAt;
}

async function inactive(days?: number, org = "default") {
  const { body } = await ct.server.request<any, object>(INACTIVE, { days }, { org });
  expect(body.errors).toBeUndefined();
  return Object.fromEntries(body.data.accessReview.edges.map((e: any) => [e.node.subjectId, e.node.detail]));
}

/** The sign-in activity reads the emulator answered since request number `from`. */
function signInReadsSince(from: number): number {
  return ct.emulator.requests.slice(from).filter((r) => r.path === SIGN_IN_READ).length;
}

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 20, groups: 2 });
  const t = ct.tenant;
  ids.recent = t.hireUser({ displayName: "Rita Recent" }).id;
  ids.dormant = t.hireUser({ displayName: "Dan Dormant" }).id;
  ids.never = t.hireUser({ displayName: "Nell Never" }).id;
  ids.sprayed = t.hireUser({ displayName: "Pia Sprayed" }).id;
  ids.unrecorded = t.hireUser({ displayName: "Ursula Unrecorded", createdDateTime: "2021-05-04T09:00:00Z" }).id;
  // Fred's account was made long ago and never used; Nina joined ten days ago and has yet to get in.
  ids.forgotten = t.hireUser({ displayName: "Fred Forgotten", createdDateTime: created.forgotten }).id;
  ids.newHire = t.hireUser({ displayName: "Nina New", createdDateTime: created.newHire }).id;
  // The later of the two counts: Rita signed in interactively long ago, but her client did lately.
  t.signInActivity.record(ids.recent, {
    lastSignInDateTime: daysAgo(300),
    lastNonInteractiveSignInDateTime: signedIn.recent,
    lastSuccessfulSignInDateTime: signedIn.recent,
  });
  t.signInActivity.record(ids.dormant, {
    lastSignInDateTime: signedIn.dormant,
    lastNonInteractiveSignInDateTime: daysAgo(250),
    lastSuccessfulSignInDateTime: signedIn.dormant,
  });
  // Ursula's password is tried every day too, and she has not signed in since before Graph recorded successes.
  t.signInActivity.record(ids.unrecorded, { lastSignInDateTime: daysAgo(1), lastNonInteractiveSignInDateTime: null });
  t.signInActivity.record(ids.newHire, { lastSignInDateTime: daysAgo(1), lastNonInteractiveSignInDateTime: null });
  // Pia's account is dormant, but someone tries her password every day: her last success counts.
  t.signInActivity.record(ids.sprayed, {
    lastSignInDateTime: daysAgo(1),
    lastNonInteractiveSignInDateTime: daysAgo(2),
    lastSuccessfulSignInDateTime: signedIn.sprayed,
  });
  integrationId = (await connectTenant(ct)).id;
  for (const [key, holder] of [
    ["key-rita", ids.recent],
    ["key-dan", ids.dormant],
    ["key-nell", ids.never],
    ["key-pia", ids.sprayed],
    ["key-ursula", ids.unrecorded],
    ["key-fred", ids.forgotten],
    ["key-nina", ids.newHire],
  ]) {
    const { body } = await ct.server.request(LINK_KEY, { input: { apiKeyId: key, holderId: holder } });
    expect(body.errors).toBeUndefined();
  }
});
afterAll(async () => {
  await ct?.close();
  await db?.destroy();
});

describe("sign-in activity", () => {
  it("shows each person's last sign-in, interactive or not, a successful one over failed attempts; null for one who never signed in", async () => {
    expect(await lastSignIn(ids.recent)).toBe(signedIn.recent);
    expect(await lastSignIn(ids.dormant)).toBe(signedIn.dormant);
    expect(await lastSignIn(ids.sprayed)).toBe(signedIn.sprayed);
    expect(await lastSignIn(ids.unrecorded)).toBe(SUCCESSES_RECORDED_SINCE);
    expect(await lastSignIn(ids.never)).toBeNull();
    expect(await lastSignIn(ids.forgotten)).toBeNull();
    // Created after Graph began recording successes, with none recorded: every attempt failed.
    expect(await lastSignIn(ids.newHire)).toBeNull();
  });

  it("finds the key holder inactive past 90 days, or past the threshold a query gives", async () => {
    expect(await inactive()).toEqual({
      [ids.dormant]: `Holds keys but has not signed in for 90 days (last sign-in ${signedIn.dormant.slice(0, 10)})`,
      [ids.sprayed]: `Holds keys but has not signed in for 90 days (last sign-in ${signedIn.sprayed.slice(0, 10)})`,
      [ids.unrecorded]: `Holds keys but has not signed in for 90 days (last sign-in 2023-12-01)`,
      [ids.forgotten]: `Holds keys but has no sign-in on record, and the account is over 90 days old (created ${created.forgotten.slice(0, 10)})`,
    });
    // Nina's account is ten days old: past a week without getting in, she is found; Nell's, made today, is not.
    expect(Object.keys(await inactive(7)).sort()).toEqual(
      [ids.recent, ids.dormant, ids.sprayed, ids.unrecorded, ids.forgotten, ids.newHire].sort(),
    );
    const { body } = await ct.server.request<any, object>(INACTIVE, { days: 0 });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "inactiveDays" });
  });

  it("reads sign-ins on a full run and once a day, not on every incremental run", async () => {
    const yesterday = daysAgo(1);
    ct.tenant.signInActivity.record(ids.never, { lastSignInDateTime: yesterday, lastSuccessfulSignInDateTime: yesterday });
    const from = ct.emulator.requests.length;
    await syncNow(ct, integrationId);
    expect(signInReadsSince(from)).toBe(0);
    expect(await lastSignIn(ids.never)).toBeNull();
    const full = ct.emulator.requests.length;
    await syncNow(ct, integrationId, "FULL");
    expect(signInReadsSince(full)).toBe(1);
    expect(await lastSignIn(ids.never)).toBe(yesterday);
  });

  it("gives up a day's read Graph throttles, not the run: the run's other changes are kept, and the next run reads the sign-ins", async () => {
    // A day on, by the database's clock, which runs judge by.
    await db.db.execute(sql`update user_sign_ins set read_at = read_at - interval '25 hours'`);
    const leaver = ct.tenant.users.find((user) => user.accountEnabled && user.id !== ids.dormant)!;
    ct.tenant.updateUser(leaver.id, { accountEnabled: false });
    // Throttled once the delta rounds are read: the roles' reads come between them and the sign-ins.
    const roles = ct.emulator.faults.hold(1, { pathPrefix: "/v1.0/roleManagement/" });
    const syncing = syncNow(ct, integrationId);
    await roles.arrived(1);
    ct.emulator.faults.throttle(50, "0.01", { pathPrefix: SIGN_IN_READ });
    roles.release();
    const integration = await syncing;
    ct.emulator.faults.clear();

    expect(integration).toMatchObject({ status: "CONNECTED", lastSync: { status: "SUCCEEDED" } });
    const { body } = await ct.server.request<any, object>(`query($id: ID!) { directoryUser(id: $id) { accountEnabled } }`, { id: leaver.id });
    expect(body.data.directoryUser).toEqual({ accountEnabled: false });
    expect(await lastSignIn(ids.dormant)).toBeNull();

    await syncNow(ct, integrationId);
    expect(await lastSignIn(ids.dormant)).toBe(signedIn.dormant);
  });

  it("forgets sign-ins in a tenant without Entra ID P1: the finding is absent, the sync succeeds without a warning", async () => {
    ct.tenant.signInActivity.entraIdP1 = false;
    try {
      const integration = await syncNow(ct, integrationId, "FULL");
      expect(integration.status).toBe("CONNECTED");
      expect(await lastSignIn(ids.dormant)).toBeNull();
      expect(await inactive()).toEqual({});
    } finally {
      ct.tenant.signInActivity.entraIdP1 = true;
    }
    await syncNow(ct, integrationId, "FULL");
    expect(Object.keys(await inactive()).sort()).toEqual([ids.dormant, ids.sprayed, ids.unrecorded, ids.forgotten].sort());
  });

  it("keeps each organisation to its own mirror: one whose app lacks AuditLog.Read.All knows no sign-in and finds no one", async () => {
    const partnerApp = "0b7f3c2a-0000-4000-8000-0000000000ac";
    const permissions = ["User.Read.All", "Group.Read.All", "Directory.Read.All", "RoleEligibilitySchedule.Read.Directory"];
    ct.tenant.registerApp({ clientId: partnerApp, secret: ct.clientSecret, permissions });
    const { body } = await ct.server.request<any, object>(
      ADD_INTEGRATION,
      { input: { name: "Partner view", tenantId: ct.tenant.tenantId, clientId: partnerApp, clientSecret: ct.clientSecret } },
      { org: "partner" },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.addEntraIntegration.permissions).toContainEqual(
      expect.objectContaining({ permission: "AuditLog.Read.All", granted: false }),
    );
    // Optional: missing, it warns nowhere.
    expect(body.data.addEntraIntegration.status).not.toBe("WARNING");
    await ct.server.app.runner.drain();
    const partner = (await syncNow(ct, body.data.addEntraIntegration.id, "INCREMENTAL", "partner")).status;
    expect(partner).toBe("CONNECTED");
    const link = await ct.server.request(LINK_KEY, { input: { apiKeyId: "partner-key-dan", holderId: ids.dormant } }, { org: "partner" });
    expect(link.body.errors).toBeUndefined();

    expect(await lastSignIn(ids.dormant, "partner")).toBeNull();
    expect(await inactive(undefined, "partner")).toEqual({});
    expect(await lastSignIn(ids.dormant)).toBe(signedIn.dormant);
  });
});
