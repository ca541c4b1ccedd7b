// Browsing the directory: the listing queries page through people, groups and departments with
// cursors, filter them, count them, and never show another organisation's directory.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/client.js";
import { insertRun, recordRunEnd } from "../src/integrations/runs.js";
import { upsertGroups } from "../src/mirror/groups.js";
import { addMemberships } from "../src/mirror/memberships.js";
import { markUsersDeleted, upsertUsers, type UserPatch } from "../src/mirror/users.js";
import {
  AccountStatus,
  DepartmentPeopleDocument,
  DepartmentsDocument,
  DirectoryGroupsDocument,
  DirectoryUserByEmailDocument,
  DirectoryUsersDocument,
  DirectReportsDocument,
  GroupKind,
  GroupMembersDocument,
  type DirectoryGroupsQueryVariables,
  type DirectoryUsersQueryVariables,
} from "./generated/graphql.js";
import { seedIntegration } from "./support/company.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startTestServer, type TestServer } from "./support/server.js";

let db: TestDatabase;
let server: TestServer;

const person = (id: string, displayName: string | null, department: string | null, extra: Partial<UserPatch> = {}): UserPatch => ({
  id,
  displayName,
  department,
  userPrincipalName: `${id}@initech.example`,
  mail: displayName ? `${displayName.split(" ")[0]!.toLowerCase()}@initech.example` : null,
  accountEnabled: true,
  userType: "Member",
  ...extra,
});

/**
 * Initech: twelve people listed by default (Hannah disabled, one service account without a name),
 * two deleted (Milton, Savannah), three departments with people, one group of each kind, and
 * Michael managing Joanna, Lawrence, Peter and Samir (and Milton, until he was deleted).
 */
async function seedInitech(database: Database) {
  const { id } = await seedIntegration(database, "initech", "initech.onmicrosoft.com");
  await upsertUsers(database, id, [
    person("u01", "Anna Berg", "Engineering"),
    person("u02", "Bob Porter", "Sales"),
    person("u03", "Bob Slydell", "Sales"),
    person("u04", "Joanna Lumley", "Engineering", { managerId: "u06" }),
    person("u05", "Hannah Arendt", "Research", { accountEnabled: false }),
    person("u06", "Michael Bolton", "Engineering"),
    person("u07", "Milton Waddams", "Facilities", { managerId: "u06" }),
    person("u08", "Nina Simone", "Sales"),
    person("u09", "Peter Gibbons", "Engineering", {
      managerId: "u06",
      proxyAddresses: ["SMTP:peter@initech.example", "smtp:hypnotized@initech.example"],
    }),
    person("u10", "Samir Nagheenanajar", "Engineering", { managerId: "u06" }),
    person("u11", "Savannah Hart", "Sales"),
    person("u12", null, null, { userPrincipalName: "svc-printer@initech.example" }),
    person("u13", "Lawrence Appelbaum", null, { managerId: "u06" }),
    person("u14", "Dom Portwood", "Engineering"),
  ]);
  await upsertGroups(database, id, [
    { id: "g-eng", displayName: "Engineering", securityEnabled: true, mailEnabled: false },
    { id: "g-sales", displayName: "Sales Team", mail: "sales@initech.example", mailEnabled: true, securityEnabled: false },
    { id: "g-m365", displayName: "Project Initrode", groupTypes: ["Unified"], mailEnabled: true, securityEnabled: false },
    { id: "g-tps", displayName: "TPS Reports", mail: "tps@initech.example", mailEnabled: true, securityEnabled: true },
  ]);
  const members = (groupId: string, ids: string[]) => ids.map((memberId) => ({ groupId, memberId, memberType: "user" as const }));
  await addMemberships(database, id, [
    ...members("g-eng", ["u01", "u04", "u06", "u07", "u09", "u10", "u14"]),
    { groupId: "g-eng", memberId: "g-tps", memberType: "group" },
    // An application in the group, and a device: members in Entra, neither a person nor a group.
    { groupId: "g-eng", memberId: "sp-build-bot", memberType: "servicePrincipal" },
    { groupId: "g-eng", memberId: "dev-kiosk", memberType: "other" },
    ...members("g-sales", ["u02", "u03", "u08", "u11"]),
    ...members("g-m365", ["u01", "u09"]),
    ...members("g-tps", ["u09", "u10", "u12"]),
  ]);
  await markUsersDeleted(database, id, ["u07", "u11"]);
}

/**
 * Hooli, another organisation, with a person and groups that Initech must never see: Gavin is in
 * Engineering, which is in Whole Hooli, whose id sorts before Engineering's.
 */
async function seedHooli(database: Database) {
  const { id } = await seedIntegration(database, "hooli", "hooli.onmicrosoft.com");
  // Gavin's manager has the id of one of Initech's people: ids are only unique within a tenant.
  await upsertUsers(database, id, [{ ...person("h01", "Gavin Belson", "Engineering", { managerId: "u06" }), mail: "gavin@hooli.example" }]);
  await upsertGroups(database, id, [
    { id: "h-eng", displayName: "Engineering", securityEnabled: true, mailEnabled: false },
    { id: "h-all", displayName: "Whole Hooli", securityEnabled: true, mailEnabled: false },
  ]);
  await addMemberships(database, id, [
    { groupId: "h-eng", memberId: "h01", memberType: "user" },
    { groupId: "h-all", memberId: "h-eng", memberType: "group" },
  ]);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedInitech(db.db);
  await seedHooli(db.db);
  server = await startTestServer(db);
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

/** Any caller of the organisation may browse: no admin role. */
async function query<T, V>(document: TypedDocumentNode<T, V>, variables: V, org = "initech") {
  const { body } = await server.request(document, variables, { org, roles: [] });
  return body;
}

async function users(variables: DirectoryUsersQueryVariables, org = "initech") {
  const body = await query(DirectoryUsersDocument, variables, org);
  expect(body.errors).toBeUndefined();
  return body.data!.directoryUsers;
}

const names = (connection: { edges: { node: { displayName?: string | null } }[] }) =>
  connection.edges.map((edge) => edge.node.displayName ?? null);

describe("directoryUsers", () => {
  it("lists the organisation's people by name, deleted accounts left out, with the total", async () => {
    const all = await users({ first: 50 });
    expect(all.totalCount).toBe(12);
    expect(new Set(names(all))).toEqual(
      new Set([
        null,
        "Anna Berg",
        "Bob Porter",
        "Bob Slydell",
        "Dom Portwood",
        "Hannah Arendt",
        "Joanna Lumley",
        "Lawrence Appelbaum",
        "Michael Bolton",
        "Nina Simone",
        "Peter Gibbons",
        "Samir Nagheenanajar",
      ]),
    );
    // The person without a name comes first, then by name.
    expect(names(all).slice(0, 3)).toEqual([null, "Anna Berg", "Bob Porter"]);
    expect(all.pageInfo).toEqual({ hasNextPage: false, endCursor: all.edges.at(-1)!.cursor });
  });

  it("pages with cursors through every person once: no repeat, no gap", async () => {
    const all = names(await users({ first: 50 }));
    const paged: (string | null)[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await users({ first: 5, after });
      expect(page.totalCount).toBe(12);
      paged.push(...names(page));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(pages).toBe(3);
    expect(paged).toEqual(all);
    const past = await users({ first: 5, after: (await users({ first: 12 })).pageInfo.endCursor });
    expect(past).toMatchObject({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it("finds people by text in the name or any address, case-insensitively and literally", async () => {
    expect(names(await users({ filter: { search: "ANNA" } }))).toEqual(["Anna Berg", "Hannah Arendt", "Joanna Lumley"]);
    expect(names(await users({ filter: { search: "hypnotized@" } }))).toEqual(["Peter Gibbons"]);
    expect(names(await users({ filter: { search: "svc-printer" } }))).toEqual([null]);
    expect((await users({ filter: { search: "%" } })).totalCount).toBe(0);
  });

  it("refuses a search longer than any name or address, which would hold the database for every caller", async () => {
    expect((await users({ filter: { search: "a".repeat(256) } })).totalCount).toBe(0);
    const filter = { search: "a".repeat(257) };
    for (const body of [await query(DirectoryUsersDocument, { filter }), await query(DirectoryGroupsDocument, { filter })]) {
      expect(body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.search" });
    }
  });

  it("filters by department, by group, and by account status, counting what matches", async () => {
    const engineering = await users({ filter: { department: "Engineering" } });
    expect(engineering.totalCount).toBe(6);
    expect(names(engineering)).not.toContain("Gavin Belson");
    const inGroup = await users({ filter: { groupId: "g-tps" } });
    expect(names(inGroup)).toEqual([null, "Peter Gibbons", "Samir Nagheenanajar"]);
    expect(names(await users({ filter: { accountStatus: AccountStatus.Disabled } }))).toEqual(["Hannah Arendt"]);
    expect((await users({ filter: { accountStatus: AccountStatus.Active } })).totalCount).toBe(11);
    const salesPeople = await users({ filter: { department: "Sales", accountStatus: AccountStatus.Active } });
    expect(names(salesPeople)).toEqual(["Bob Porter", "Bob Slydell", "Nina Simone"]);
  });

  it("shows deleted accounts only when asked for by accountStatus DELETED", async () => {
    expect(names(await users({ filter: { search: "savannah" } }))).toEqual([]);
    expect(names(await users({ filter: { groupId: "g-eng" } }))).not.toContain("Milton Waddams");
    const deleted = await users({ filter: { accountStatus: AccountStatus.Deleted } });
    expect(deleted.totalCount).toBe(2);
    expect(deleted.edges.map((edge) => [edge.node.displayName, edge.node.accountStatus])).toEqual([
      ["Milton Waddams", "DELETED"],
      ["Savannah Hart", "DELETED"],
    ]);
  });

  it("never lists another organisation's people", async () => {
    expect(names(await users({ first: 50 }))).not.toContain("Gavin Belson");
    const hooli = await users({ first: 50 }, "hooli");
    expect(names(hooli)).toEqual(["Gavin Belson"]);
    expect((await users({ filter: { search: "anna" } }, "hooli")).totalCount).toBe(0);
  });

  it("refuses a made-up cursor, another list's cursor, and a page size out of range", async () => {
    const groupCursor = (await query(DirectoryGroupsDocument, { first: 1 })).data!.directoryGroups.pageInfo.endCursor;
    for (const after of ["nonsense", Buffer.from(JSON.stringify(["DirectoryUser", "Anna Berg"])).toString("base64url"), groupCursor]) {
      const body = await query(DirectoryUsersDocument, { after });
      expect(body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    }
    for (const first of [-1, 501]) {
      const body = await query(DirectoryUsersDocument, { first });
      expect(body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    }
  });

  it("finds one person by any address, with their reports and groups through nesting", async () => {
    const body = await query(DirectoryUserByEmailDocument, { email: "Hypnotized@INITECH.example" });
    expect(body.data!.directoryUserByEmail).toMatchObject({
      id: "u09",
      displayName: "Peter Gibbons",
      directReports: [],
    });
    // Mail, UPN and SMTP proxies, each once; no other addresses (an empty otherMails adds none).
    expect([...body.data!.directoryUserByEmail!.emailAddresses].sort()).toEqual([
      "hypnotized@initech.example",
      "peter@initech.example",
      "u09@initech.example",
    ]);
    // By name.
    expect(body.data!.directoryUserByEmail!.groups.map((group) => group.displayName)).toEqual([
      "Engineering",
      "Project Initrode",
      "TPS Reports",
    ]);
  });

  it("lists a person's groups through nesting by name, not by id, the ones reached only through nesting among them", async () => {
    const body = await query(DirectoryUserByEmailDocument, { email: "gavin@hooli.example" }, "hooli");
    expect(body.errors).toBeUndefined();
    expect(body.data!.directoryUserByEmail!.groups.map((group) => group.displayName)).toEqual(["Engineering", "Whole Hooli"]);
  });

  it("lists a manager's direct reports by name, not by id, each with their addresses and status, deleted ones left out, and only the organisation's", async () => {
    const body = await query(DirectReportsDocument, { email: "michael@initech.example" });
    expect(body.errors).toBeUndefined();
    expect(body.data!.directoryUserByEmail!.directReports).toEqual([
      {
        id: "u04",
        displayName: "Joanna Lumley",
        emailAddresses: ["joanna@initech.example", "u04@initech.example"],
        accountStatus: AccountStatus.Active,
      },
      {
        id: "u13",
        displayName: "Lawrence Appelbaum",
        emailAddresses: ["lawrence@initech.example", "u13@initech.example"],
        accountStatus: AccountStatus.Active,
      },
      {
        id: "u09",
        displayName: "Peter Gibbons",
        emailAddresses: ["peter@initech.example", "u09@initech.example", "hypnotized@initech.example"],
        accountStatus: AccountStatus.Active,
      },
      {
        id: "u10",
        displayName: "Samir Nagheenanajar",
        emailAddresses: ["samir@initech.example", "u10@initech.example"],
        accountStatus: AccountStatus.Active,
      },
    ]);
  });
});

describe("directoryGroups", () => {
  async function groups(variables: DirectoryGroupsQueryVariables, org = "initech") {
    const body = await query(DirectoryGroupsDocument, variables, org);
    expect(body.errors).toBeUndefined();
    return body.data!.directoryGroups;
  }

  it("lists groups by name, paged without repeats, each with its kind", async () => {
    const first = await groups({ first: 3 });
    const rest = await groups({ first: 3, after: first.pageInfo.endCursor });
    expect([...first.edges, ...rest.edges].map((edge) => [edge.node.displayName, edge.node.kind])).toEqual([
      ["Engineering", "SECURITY"],
      ["Project Initrode", "MICROSOFT_365"],
      ["Sales Team", "DISTRIBUTION"],
      ["TPS Reports", "MAIL_ENABLED_SECURITY"],
    ]);
    expect([first.totalCount, first.pageInfo.hasNextPage, rest.pageInfo.hasNextPage]).toEqual([4, true, false]);
  });

  it("filters by kind, and by text in the name or mail", async () => {
    for (const [kind, name] of [
      [GroupKind.Security, "Engineering"],
      [GroupKind.Distribution, "Sales Team"],
      [GroupKind.Microsoft_365, "Project Initrode"],
      [GroupKind.MailEnabledSecurity, "TPS Reports"],
    ] as const) {
      expect(names(await groups({ filter: { kind } }))).toEqual([name]);
    }
    expect(names(await groups({ filter: { search: "SALES@" } }))).toEqual(["Sales Team"]);
    expect(names(await groups({ filter: { search: "report" } }))).toEqual(["TPS Reports"]);
  });

  it("never lists another organisation's groups", async () => {
    expect((await groups({ filter: { search: "Engineering" } })).totalCount).toBe(1);
    expect(names(await groups({}, "hooli"))).toEqual(["Engineering", "Whole Hooli"]);
    expect((await groups({ filter: { search: "Sales" } }, "hooli")).totalCount).toBe(0);
  });

  it("pages a group's members, people only and deleted ones left out, each page sized as asked, and counts its people and nested groups", async () => {
    const members = async (first: number, after?: string | null) => {
      const body = await query(GroupMembersDocument, { filter: { search: "Engineering" }, first, after });
      expect(body.errors).toBeUndefined();
      return body.data!.directoryGroups.edges[0]!.node;
    };
    const page1 = await members(4);
    expect(page1.members.totalCount).toBe(6);
    // Its six people and the nested TPS Reports; not the deleted Milton, the application or the device.
    expect(page1.memberCount).toBe(7);
    expect(names(page1.members)).toEqual(["Anna Berg", "Dom Portwood", "Joanna Lumley", "Michael Bolton"]);
    expect(names(page1.one)).toEqual(["Anna Berg"]);
    const page2 = await members(4, page1.members.pageInfo.endCursor);
    expect(names(page2.members)).toEqual(["Peter Gibbons", "Samir Nagheenanajar"]);
    expect(page2.members.pageInfo.hasNextPage).toBe(false);
    const bad = await query(GroupMembersDocument, { filter: { search: "Engineering" }, first: 2, after: "nonsense" });
    expect(bad.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    // A cursor of ours, its key made into text PostgreSQL's text refuses: half a surrogate pair, a NUL.
    const [list, name, id] = JSON.parse(Buffer.from(page1.members.pageInfo.endCursor!, "base64url").toString()) as string[];
    for (const key of [["\ud800", id], [name, "u0\0"]]) {
      const after = Buffer.from(JSON.stringify([list, ...key])).toString("base64url");
      const forged = await query(GroupMembersDocument, { filter: { search: "Engineering" }, first: 2, after });
      expect(forged.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    }
  });
});

describe("departments", () => {
  it("lists every department with people in it, its head count and its first people", async () => {
    const body = await query(DepartmentsDocument, {});
    expect(body.data!.departments.map((d) => [d.name, d.userCount, d.users.totalCount, names(d.users), d.users.pageInfo.hasNextPage])).toEqual([
      ["Engineering", 6, 6, ["Anna Berg", "Dom Portwood"], true],
      ["Research", 1, 1, ["Hannah Arendt"], false],
      ["Sales", 3, 3, ["Bob Porter", "Bob Slydell"], true],
    ]);
  });

  it("pages a department's people with cursors, deleted ones left out, and only the organisation's", async () => {
    const page = async (after?: string | null) => {
      const body = await query(DepartmentPeopleDocument, { email: "nina@initech.example", first: 2, after });
      expect(body.errors).toBeUndefined();
      return body.data!.directoryUserByEmail!.department!.users;
    };
    const first = await page();
    const second = await page(first.pageInfo.endCursor);
    expect([...names(first), ...names(second)]).toEqual(["Bob Porter", "Bob Slydell", "Nina Simone"]);
    expect([first.totalCount, second.pageInfo.hasNextPage]).toEqual([3, false]);
    const hooli = await query(DepartmentPeopleDocument, { email: "gavin@hooli.example", first: 10 }, "hooli");
    expect(names(hooli.data!.directoryUserByEmail!.department!.users)).toEqual(["Gavin Belson"]);
  });
});

describe("listing costs", () => {
  // An organisation with twenty groups of three people, each person in a department of their own.
  beforeAll(async () => {
    const { id } = await seedIntegration(db.db, "batching", "batching.onmicrosoft.com");
    const people = Array.from({ length: 60 }, (_, i) => person(`b${i}`, `Person ${String(i).padStart(2, "0")}`, `Department ${i}`));
    await upsertUsers(db.db, id, people);
    await upsertGroups(
      db.db,
      id,
      Array.from({ length: 20 }, (_, g) => ({ id: `bg${g}`, displayName: `Team ${String(g).padStart(2, "0")}`, securityEnabled: true })),
    );
    await addMemberships(
      db.db,
      id,
      people.map((p, i) => ({ groupId: `bg${i % 20}`, memberId: p.id, memberType: "user" as const })),
    );
  });

  /** The SQL statements one request costs. */
  async function statementsOf(operation: string, variables: object, org = "batching", roles: string[] = []) {
    db.resetStatements();
    const { body } = await server.request(operation, variables, { org, roles });
    expect(body.errors).toBeUndefined();
    return db.statements.length;
  }

  it("costs the same number of statements for 20 groups' members as for one group's", async () => {
    const operation = /* GraphQL */ `
      query ($first: Int) {
        directoryGroups(first: $first) {
          edges { node { displayName members(first: 2) { totalCount edges { node { displayName } } } } }
        }
      }
    `;
    const forOne = await statementsOf(operation, { first: 1 });
    expect(await statementsOf(operation, { first: 20 })).toBe(forOne);
    expect(forOne).toBeLessThanOrEqual(3);
  });

  it("costs the same number of statements for 20 departments' people as for one department's", async () => {
    const operation = /* GraphQL */ `
      query ($first: Int) {
        directoryUsers(first: $first) {
          edges { node { department { userCount users(first: 2) { totalCount edges { node { displayName } } } } } }
        }
      }
    `;
    const forOne = await statementsOf(operation, { first: 1 });
    expect(await statementsOf(operation, { first: 20 })).toBe(forOne);
    expect(forOne).toBeLessThanOrEqual(3);
  });

  it("costs the same number of statements for five integrations' last runs as for one's", async () => {
    for (const [org, count] of [
      ["runs-one", 1],
      ["runs-five", 5],
    ] as const) {
      for (let i = 0; i < count; i++) {
        const integration = await seedIntegration(db.db, org, `${org}-${i}.onmicrosoft.com`);
        const run = await insertRun(db.db, integration.id, "FULL");
        await recordRunEnd(db.db, run.id, { status: "SUCCEEDED", mode: "FULL", graphRequests: 3, failure: null });
        await insertRun(db.db, integration.id, "INCREMENTAL");
      }
    }
    const operation = `{ entraIntegrations { id lastSync { mode status } } }`;
    const forOne = await statementsOf(operation, {}, "runs-one", ["admin"]);
    expect(await statementsOf(operation, {}, "runs-five", ["admin"])).toBe(forOne);
    const { body } = await server.request(operation, {}, { org: "runs-five" });
    const lastSyncs = (body.data as { entraIntegrations: { lastSync: object }[] }).entraIntegrations.map((i) => i.lastSync);
    expect(lastSyncs).toEqual(Array(5).fill({ mode: "INCREMENTAL", status: "RUNNING" }));
  });
});
