// The embedded database is one process's: PGlite keeps its pages in that process's memory and
// writes them back as its own, so a second process on the same files (the CLI's sync while
// `npm start` runs) overwrote the other's work, and once emptied the whole database. Whoever
// opens the files first holds a lock file beside them, naming its process; another is refused,
// saying which process holds them. A lock left by a process that is gone is taken over.
import { open, readFile, unlink } from "node:fs/promises";

/** The embedded database's files are another live process's. */
export class EmbeddedDatabaseInUseError extends Error {
  override readonly name = "EmbeddedDatabaseInUseError";
}

/** Takes the lock of the embedded database in `dataDir`; returns what releases it. */
export async function lockEmbeddedDatabase(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      const file = await open(lockFile, "wx", 0o600);
      await file.writeFile(`${process.pid}\n`);
      await file.close();
      return () => unlink(lockFile).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
    }
    const holder = Number.parseInt(await readFile(lockFile, "utf8").catch(() => ""), 10);
    if (isAlive(holder)) {
      throw new EmbeddedDatabaseInUseError(
        `The embedded database in ${dataDir} is in use by process ${holder} (the server, or another command): it admits one process at a time. Stop that process first, or use PostgreSQL (DATABASE_URL), which admits many`,
      );
    }
    // Left by a process that is gone: taken over.
    await unlink(lockFile).catch(() => undefined);
  }
}

/** Whether process `pid` runs (this one included: a second open in one process is refused too). */
function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
