// The embedded database's lock: one process at a time on its files, and a lock left by a process
// that is gone taken over rather than keeping the database shut for good, even when its process
// id has been given to another process since (a container's process 1 after a restart).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { EmbeddedDatabaseInUseError } from "../../src/db/embedded-lock.js";

let scratch: string;
let sleeper: ChildProcess;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "embedded-lock-"));
  sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 600_000)"], { stdio: "ignore" });
});
afterAll(async () => {
  sleeper.kill();
  await rm(scratch, { recursive: true, force: true });
});

const open = (dataDir: string) => openDatabase({ databaseUrl: undefined, dataDir });
/** What a lock names: a process id, and on Linux when that process started. */
const holderLine = (pid: number) => new RegExp(`^${pid}( \\d+)?\\n$`);
const startTimeOf = async (pid: number) => {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  return stat?.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
};

it("refuses a second open of the same files, and opens them again once the first is closed", async () => {
  const dataDir = path.join(scratch, "twice");
  const first = await open(dataDir);
  await expect(open(dataDir)).rejects.toThrow(EmbeddedDatabaseInUseError);
  expect(await readFile(`${dataDir}.lock`, "utf8")).toMatch(holderLine(process.pid));
  await first.close();
  const again = await open(dataDir);
  await again.close();
});

it("refuses the files while the process the lock names runs, naming it", async () => {
  const dataDir = path.join(scratch, "other");
  const started = await startTimeOf(sleeper.pid!);
  await writeFile(`${dataDir}.lock`, `${sleeper.pid}${started ? ` ${started}` : ""}\n`);
  await expect(open(dataDir)).rejects.toThrow(`is in use by process ${sleeper.pid}`);
});

it("takes over a lock left by a process that is gone", async () => {
  const dataDir = path.join(scratch, "left");
  const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  await writeFile(`${dataDir}.lock`, `${gone.stdout}\n`);
  const database = await open(dataDir);
  expect(await readFile(`${dataDir}.lock`, "utf8")).toMatch(holderLine(process.pid));
  await database.close();
});

it("takes over a lock naming a process id now another process's, as a container's process 1 finds its own after a restart", async () => {
  for (const [name, pid] of [["own", process.pid], ["reused", sleeper.pid!]] as const) {
    const dataDir = path.join(scratch, name);
    // Started at another time than the process that has the id now (or, for this process, not held here).
    await writeFile(`${dataDir}.lock`, `${pid} 1\n`);
    const database = await open(dataDir);
    await database.close();
  }
});
