// Reads never wait for a sync, on PostgreSQL and on the embedded PGlite alike: while a run's
// transaction is open (here, held on a Graph request with the users already written), GraphQL
// queries, /ready and /metrics answer, and they show the last good mirror until the run commits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADD_INTEGRATION,
  INTEGRATION_STATUS,
  startTenantAndServer,
  SYNC_INTEGRATION,
  type ConnectedTenant,
} from "../support/connected-tenant.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const USER_BY_EMAIL = /* GraphQL */ `
  query UserByEmail($email: String!) { directoryUserByEmail(email: $email) { id displayName } }
`;

let db: TestDatabase;
let ct: ConnectedTenant;

beforeAll(async () => {
  db = await createTestDatabase();
  ct = await startTenantAndServer(db, { users: 1_200, groups: 30, pageSize: 100, seed: 31 });
});
afterAll(async () => {
  await ct?.close();
  await db?.destroy();
});

/** Holds the run's next groups request: by then its users are written inside its open transaction. */
async function holdAfterUsers() {
  const graph = ct.emulator.faults.hold(1, { pathPrefix: "/v1.0/groups/delta" });
  await graph.arrived(1);
  return graph;
}

async function personByEmail(email: string) {
  const { status, body } = await ct.server.request(USER_BY_EMAIL, { email });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  return (body.data as { directoryUserByEmail: { id: string; displayName: string } | null }).directoryUserByEmail;
}

async function integrationNow(id: string) {
  const { body } = await ct.server.request(INTEGRATION_STATUS, { id });
  return (body.data as { entraIntegration: { status: string; lastSync: { status: string } } }).entraIntegration;
}

describe(`reads while a sync runs (${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`, () => {
  const person = () => ct.tenant.users.find((user) => user.mail && user.accountEnabled)!;
  let integrationId: string;

  it("answers queries during a large first sync, from the mirror as it was before it", async () => {
    const { body } = await ct.server.request(ADD_INTEGRATION, {
      input: { name: "Contoso", tenantId: ct.tenant.tenantId, clientId: ct.clientId, clientSecret: ct.clientSecret },
    });
    expect(body.errors).toBeUndefined();
    integrationId = (body.data as { addEntraIntegration: { id: string } }).addEntraIntegration.id;
    const graph = await holdAfterUsers();

    // Every user is written, not committed: readers see none of them yet, and the run as RUNNING.
    expect(await personByEmail(person().mail!)).toBeNull();
    expect(await integrationNow(integrationId)).toMatchObject({ status: "SYNCING", lastSync: { status: "RUNNING" } });
    const ready = await fetch(`${ct.server.url}/ready`);
    expect(ready.status).toBe(200);
    const metrics = await fetch(`${ct.server.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).not.toMatch(/identity_last_successful_sync_timestamp_seconds\{/);

    graph.release();
    await ct.server.app.runner.drain();
    expect(await personByEmail(person().mail!)).toEqual({ id: person().id, displayName: person().displayName });
    expect(await integrationNow(integrationId)).toMatchObject({ status: "CONNECTED", lastSync: { status: "SUCCEEDED" } });
  });

  it("shows the last good mirror during a later sync, and its changes once it commits", async () => {
    const { id, displayName } = person();
    ct.tenant.updateUser(id, { displayName: `${displayName} (renamed)` });
    const started = await ct.server.request(SYNC_INTEGRATION, { id: integrationId, mode: "FULL" });
    expect(started.body.errors).toBeUndefined();
    const graph = await holdAfterUsers();

    expect(await personByEmail(person().mail!)).toEqual({ id, displayName });

    graph.release();
    await ct.server.app.runner.drain();
    expect(await personByEmail(person().mail!)).toEqual({ id, displayName: `${displayName} (renamed)` });
  });
});
