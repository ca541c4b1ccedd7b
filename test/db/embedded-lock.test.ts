// The embedded database's lock: one process at a time on its files, and a lock left by a process
// that is gone taken over rather than keeping the database shut for good.
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { EmbeddedDatabaseInUseError } from "../../src/db/embedded-lock.js";

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "embedded-lock-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

it("refuses a second open of the same files, and opens them again once the first is closed", async () => {
  const dataDir = path.join(scratch, "twice");
  const first = await openDatabase({ databaseUrl: undefined, dataDir });
  await expect(openDatabase({ databaseUrl: undefined, dataDir })).rejects.toThrow(EmbeddedDatabaseInUseError);
  expect(await readFile(`${dataDir}.lock`, "utf8")).toBe(`${process.pid}\n`);
  await first.close();
  const again = await openDatabase({ databaseUrl: undefined, dataDir });
  await again.close();
});

it("takes over a lock left by a process that is gone", async () => {
  const dataDir = path.join(scratch, "left");
  const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  await writeFile(`${dataDir}.lock`, `${gone.stdout}\n`);
  const database = await openDatabase({ databaseUrl: undefined, dataDir });
  expect(await readFile(`${dataDir}.lock`, "utf8")).toBe(`${process.pid}\n`);
  await database.close();
});
