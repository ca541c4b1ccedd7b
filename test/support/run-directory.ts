// Vitest global setup: a scratch directory for this run, shared by the test files that run in
// parallel workers (forked after global setup, with this process's environment).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "identity-test-run-"));
  process.env.TEST_RUN_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
