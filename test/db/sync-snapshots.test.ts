// The embedded database's reads during a sync (src/db/sync-snapshots.ts): they see what is
// committed, never the open run's writes; a request that began during a run reads on after the
// run ends; and a run's commit is seen by the reads during the runs after it.
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../src/db/client.js";
import { selectRows } from "../../src/db/rows.js";

let handle: DatabaseHandle;
afterEach(() => handle?.close());

async function embedded(): Promise<DatabaseHandle> {
  handle = await openDatabase({ databaseUrl: undefined, pglite: new PGlite() });
  await handle.db.execute(sql`create table people (name text)`);
  await handle.db.execute(sql`insert into people values ('Ada')`);
  return handle;
}

async function names(db: DatabaseHandle["db"]): Promise<string[]> {
  return (await selectRows<{ name: string }>(db, sql`select name from people order by name`)).map((row) => row.name);
}

/** A run's transaction that writes `name` and waits for `done` before it commits. */
function run(database: DatabaseHandle, name: string, done: Promise<void>) {
  let written!: () => void;
  const wrote = new Promise<void>((resolve) => (written = resolve));
  const finished = database.syncTransaction(async (tx) => {
    await tx.execute(sql`insert into people values (${name})`);
    written();
    await done;
  }, new AbortController().signal);
  return { wrote, finished };
}

describe("reads during a sync on PGlite", () => {
  it("reads what is committed, never the open run's writes, while a run's transaction is open", async () => {
    const database = await embedded();
    let commit!: () => void;
    const { wrote, finished } = run(database, "Grace", new Promise((resolve) => (commit = resolve)));
    await wrote;

    expect(await database.reading(names)).toEqual(["Ada"]);

    commit();
    await finished;
    expect(await database.reading(names)).toEqual(["Ada", "Grace"]);
  });

  it("lets a request that leased the snapshot read on after the run ends, until it releases it", async () => {
    const database = await embedded();
    let commit!: () => void;
    const { wrote, finished } = run(database, "Grace", new Promise((resolve) => (commit = resolve)));
    await wrote;
    const lease = await database.leaseReads();

    commit();
    await finished;
    expect(await names(lease.db)).toEqual(["Ada"]);
    lease.release();
    await expect(names(lease.db)).rejects.toThrow();
  });

  it("shows the reads during a run what the run before it committed", async () => {
    const database = await embedded();
    let commitFirst!: () => void;
    let commitSecond!: () => void;
    const first = run(database, "Grace", new Promise((resolve) => (commitFirst = resolve)));
    const second = run(database, "Linus", new Promise((resolve) => (commitSecond = resolve)));
    await first.wrote;
    commitFirst();
    await first.finished;
    await second.wrote;

    expect(await database.reading(names)).toEqual(["Ada", "Grace"]);
    commitSecond();
    await second.finished;
    expect(await database.reading(names)).toEqual(["Ada", "Grace", "Linus"]);
  });
});
