// `npm run build` once per test run, for the tests that run what it writes to dist/ (the demo,
// the installed command). Test files run in parallel workers: the first to ask builds and the
// others wait for it, so no worker rewrites dist/ under a process another one started from it.
import { execFile } from "node:child_process";
import { open, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

export const REPOSITORY = path.resolve(import.meta.dirname, "../..");

export async function buildOnce(): Promise<void> {
  const runDir = process.env.TEST_RUN_DIR;
  if (!runDir) throw new Error("TEST_RUN_DIR is unset: run the tests through vitest (test/support/run-directory.ts)");
  const outcome = path.join(runDir, "build.outcome");
  try {
    await (await open(path.join(runDir, "build.lock"), "wx")).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return waitForOutcome(outcome);
    throw error;
  }
  try {
    await promisify(execFile)("npm", ["run", "build", "--silent"], { cwd: REPOSITORY });
    await writeFile(outcome, "built");
  } catch (error) {
    // tsc reports on stdout.
    const { stdout = "", message } = error as { stdout?: string; message: string };
    await writeFile(outcome, `${message}\n${stdout}`);
    throw new Error(`npm run build failed: ${message}\n${stdout}`);
  }
}

async function waitForOutcome(outcome: string): Promise<void> {
  for (;;) {
    const text = await readFile(outcome, "utf8").catch(() => undefined);
    if (text === "built") return;
    if (text !== undefined) throw new Error(`npm run build failed in another test file: ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
