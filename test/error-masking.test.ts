// What a client sees of a failure: a refusal's code and details, and of anything unexpected only
// "Internal server error", while the server's log keeps the cause.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturedLog } from "./support/captured-log.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startTestServer, type TestServer } from "./support/server.js";

const { log, lines: logLines } = capturedLog("error");

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db, { log });
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

describe("errors a client sees", () => {
  it("carry a refusal's code and the field at fault", async () => {
    const { body } = await server.request(`mutation { unlinkApiKey(apiKeyId: "sk-ant-api03-abcdefghijklmnop") }`);
    expect(body.errors).toEqual([
      {
        message: expect.stringMatching(/looks like an Anthropic API key/),
        locations: [{ line: 1, column: 12 }],
        path: ["unlinkApiKey"],
        extensions: { code: "BAD_USER_INPUT", field: "apiKeyId" },
      },
    ]);
  });

  it("mask a failure nobody planned for: no stack, SQL or table name, and the log has it", async () => {
    await db.db.execute(sql`drop table api_key_links`);
    const { status, body } = await server.request(`{ apiKeyLinks(first: 1) { edges { cursor } } }`);
    expect(status).toBe(200);
    expect(body.errors).toEqual([{ message: "Internal server error", path: ["apiKeyLinks"], extensions: { code: "INTERNAL_SERVER_ERROR" } }]);
    expect(JSON.stringify(body)).not.toMatch(/api_key_links|select|stack/i);
    const logged = logLines.join("\n");
    expect(logged).toContain("internal error while resolving");
    expect(logged).toContain("api_key_links");
  });
});
