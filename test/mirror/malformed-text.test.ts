// A person whose names or addresses hold what PostgreSQL's text refuses (a NUL, half of a
// surrogate pair, which Graph's JSON can carry as escapes) is stored with U+FFFD by every
// statement of the page, and seen again unchanged: one malformed name must not fail every run, nor
// record a new department each time.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../src/db/rows.js";
import { upsertUsers, type UserPatch } from "../../src/mirror/users.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.destroy());

describe("text PostgreSQL refuses, in a person Graph sends", () => {
  it("is stored as U+FFFD in the person, their addresses and their department's history, and the same patch again changes nothing", async () => {
    const integrationId = randomUUID();
    const patch: UserPatch = {
      id: "u1",
      displayName: "Ada\0 Lovelace",
      mail: "ada\ud800@contoso.example",
      userPrincipalName: "ada@contoso.example",
      department: "R\0D",
      otherMails: ["a\udc00@contoso.example"],
      proxyAddresses: ["smtp:lovelace\0@contoso.example"],
    };
    await upsertUsers(db.db, integrationId, [patch]);
    await upsertUsers(db.db, integrationId, [patch]);

    const [user] = await selectRows<{ displayName: string; mail: string; department: string; otherMails: string }>(
      db.db,
      sql`select display_name as "displayName", mail, department, array_to_string(other_mails, ' ') as "otherMails"
            from directory_users where integration_id = ${integrationId}`,
    );
    expect(user).toEqual({
      displayName: "Ada\ufffd Lovelace",
      mail: "ada\ufffd@contoso.example",
      department: "R\ufffdD",
      otherMails: "a\ufffd@contoso.example",
    });
    const addresses = await selectRows<{ address: string }>(
      db.db,
      sql`select address from directory_user_emails where integration_id = ${integrationId} order by rank, address`,
    );
    expect(addresses.map((row) => row.address)).toEqual([
      "ada\ufffd@contoso.example",
      "ada@contoso.example",
      "a\ufffd@contoso.example",
      "lovelace\ufffd@contoso.example",
    ]);
    const history = await selectRows<{ department: string }>(
      db.db,
      sql`select department from user_department_history where integration_id = ${integrationId}`,
    );
    expect(history.map((row) => row.department)).toEqual(["R\ufffdD"]);
  });
});
