// GET /ready as a load balancer reads it: ready only while the database answers and holds every
// migration this release ships. A database restored from a backup older than the release (or a
// replica behind on the schema) answers, and fails every query that reads what it lacks.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startTestServer, type TestServer } from "../support/server.js";

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db);
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

async function ready(): Promise<{ status: number; body: { status: string; reason?: string } }> {
  const response = await fetch(`${server.url}/ready`);
  return { status: response.status, body: (await response.json()) as { status: string; reason?: string } };
}

describe("GET /ready", () => {
  it("is ready once the migrations are applied", async () => {
    expect(await ready()).toEqual({ status: 200, body: { status: "ready" } });
  });

  it("is unavailable, saying why, while the database lacks the newest migration, and ready again once it has it", async () => {
    const newest = await db.db.execute(sql`
      delete from drizzle.__drizzle_migrations
       where created_at = (select max(created_at) from drizzle.__drizzle_migrations)
      returning hash, created_at`);
    const [row] = (Array.isArray(newest) ? newest : (newest as unknown as { rows: unknown[] }).rows) as { hash: string; created_at: string }[];
    try {
      const answer = await ready();
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({ status: "unavailable", reason: expect.stringMatching(/^migrations not applied: .*older backup/) });
    } finally {
      await db.db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${row!.hash}, ${row!.created_at})`);
    }
    expect((await ready()).status).toBe(200);
  });

  it("is unavailable when the database has no migrations at all", async () => {
    await db.db.execute(sql`alter table drizzle.__drizzle_migrations rename to __drizzle_migrations_aside`);
    try {
      expect(await ready()).toEqual({
        status: 503,
        body: { status: "unavailable", reason: "migrations not applied: the database has no migrations applied" },
      });
    } finally {
      await db.db.execute(sql`alter table drizzle.__drizzle_migrations_aside rename to __drizzle_migrations`);
    }
    expect((await ready()).status).toBe(200);
  });
});
