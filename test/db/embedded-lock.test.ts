// The embedded database's files: one process at a time on them, a lock left by a process that is
// gone taken over rather than keeping the database shut for good, even when its process id has
// been given to another process since (a container's process 1 after a restart); and no other
// local user let in.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { EmbeddedDatabaseInUseError } from "../../src/db/embedded-lock.js";
import { buildOnce, REPOSITORY } from "../support/build.js";

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

it("lets one of several processes taking over a stale lock at the same moment have it, and refuses the others", async () => {
  await buildOnce();
  const lockModule = path.join(REPOSITORY, "dist/src/db/embedded-lock.js");
  // Each process takes the lock, says whether it won, and holds it a moment before exiting.
  const contender = (dataDir: string) =>
    new Promise<string>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          "-e",
          `import(${JSON.stringify(lockModule)}).then((m) => m.lockEmbeddedDatabase(${JSON.stringify(dataDir)}))` +
            `.then(() => { process.stdout.write("won"); setTimeout(() => {}, 1500); }, (e) => process.stdout.write(e.name))`,
        ],
        { stdio: ["ignore", "pipe", "ignore"] },
      );
      let said = "";
      child.stdout!.on("data", (chunk: Buffer) => (said += chunk));
      child.on("exit", () => resolve(said));
    });
  for (let round = 0; round < 4; round++) {
    const dataDir = path.join(scratch, `race-${round}`);
    await writeFile(`${dataDir}.lock`, "999999 1\n");
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => contender(dataDir)));
    expect(outcomes.filter((outcome) => outcome === "won"), outcomes.join(",")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== "won").every((outcome) => outcome === "EmbeddedDatabaseInUseError")).toBe(true);
  }
}, 60_000);

it("keeps the mirror's folder to its owner: made 0700, and closed to others when an earlier release left it open", async () => {
  const made = path.join(scratch, "made", "pglite");
  await (await open(made)).close();
  const left = path.join(scratch, "left-open");
  await mkdir(left, { mode: 0o755 });
  await (await open(left)).close();

  for (const dataDir of [made, left]) expect(((await stat(dataDir)).mode & 0o777).toString(8)).toBe("700");
  expect(((await stat(path.dirname(made))).mode & 0o777).toString(8)).toBe("700");
});
