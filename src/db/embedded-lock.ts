// The embedded database is one process's: PGlite keeps its pages in that process's memory and
// writes them back as its own, so a second process on the same files (the CLI's sync while
// `npm start` runs) overwrote the other's work, and once emptied the whole database. Whoever
// opens the files first holds a lock file beside them naming its process; another is refused,
// saying which process holds them. A lock left by a process that is gone is taken over: one whose
// process id no process has, or has again only as another process (a container's process 1 after
// a restart, an id reused after a reboot: Linux tells them apart by when the process started).
import { randomUUID } from "node:crypto";
import { link, open, readFile, stat, unlink, writeFile } from "node:fs/promises";

/** The embedded database's files are another live process's. */
export class EmbeddedDatabaseInUseError extends Error {
  override readonly name = "EmbeddedDatabaseInUseError";
}

/** The locks this process holds: a second open of the same files here is refused too. */
const held = new Set<string>();

/** Takes the lock of the embedded database in `dataDir`; returns what releases it. */
export async function lockEmbeddedDatabase(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = `${dataDir}.lock`;
  if (held.has(lockFile)) throw inUse(dataDir, process.pid);
  const me = await holderOf(process.pid);
  // Written whole under another name, then linked: the lock never exists empty or half-written.
  const draft = `${lockFile}.${randomUUID()}`;
  await writeFile(draft, `${me}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(draft, lockFile);
        held.add(lockFile);
        return async () => {
          held.delete(lockFile);
          await unlink(lockFile).catch(() => undefined);
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = (await readFile(lockFile, "utf8").catch(() => "")).trim();
      if (await isAlive(holder)) throw inUse(dataDir, Number.parseInt(holder, 10));
      // Left by a process that is gone: taken over, by one process at a time, and only while it
      // still names that process (another may have taken it over between the read and now).
      await takeOver(lockFile, holder);
    }
    // Another process took it over at the same moment.
    throw inUse(dataDir, Number.parseInt((await readFile(lockFile, "utf8").catch(() => "")).trim(), 10));
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

/** Removes the lock naming `holder`, gone, under a lock of its own so that two processes never both do. */
async function takeOver(lockFile: string, holder: string): Promise<void> {
  const mutex = `${lockFile}.takeover`;
  try {
    await (await open(mutex, "wx", 0o600)).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // Another process is taking it over: it wins; a takeover left by a process that died in it
    // is stale after a minute.
    const started = (await stat(mutex).catch(() => undefined))?.mtimeMs ?? 0;
    if (Date.now() - started > 60_000) await unlink(mutex).catch(() => undefined);
    return;
  }
  try {
    if ((await readFile(lockFile, "utf8").catch(() => "")).trim() === holder) await unlink(lockFile).catch(() => undefined);
  } finally {
    await unlink(mutex).catch(() => undefined);
  }
}

function inUse(dataDir: string, pid: number): EmbeddedDatabaseInUseError {
  return new EmbeddedDatabaseInUseError(
    `The embedded database in ${dataDir} is in use by process ${Number.isInteger(pid) ? pid : "(unknown)"} (the server, or another command): it admits one process at a time. Stop that process first, or use PostgreSQL (DATABASE_URL), which admits many; if no such process runs, delete ${dataDir}.lock`,
  );
}

/** A process as the lock names it: its id, and on Linux when it started (ticks since boot). */
async function holderOf(pid: number): Promise<string> {
  const started = await startTime(pid);
  return started === undefined ? `${pid}` : `${pid} ${started}`;
}

/** Whether the process the lock names still runs (this one counts only through `held`). */
async function isAlive(holder: string): Promise<boolean> {
  const [pidText, started] = holder.split(" ");
  const pid = Number.parseInt(pidText ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, under another user.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return started === undefined || (await startTime(pid)) === started;
}

/** Field 22 of /proc/<pid>/stat (after the command's closing parenthesis); undefined off Linux. */
async function startTime(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  return stat?.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}
