// `npm start` refused for what an operator fixes: one line on stderr saying why, and exit 2, rather
// than a stack trace; for a bad setting, the embedded database another process holds, a port taken.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { buildOnce, REPOSITORY } from "../support/build.js";

let scratch: string;
beforeAll(async () => {
  await buildOnce();
  scratch = await mkdtemp(path.join(tmpdir(), "startup-refusals-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The service started as `npm start` starts it; its exit code and stderr. */
function start(env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPOSITORY, "dist/src/index.js")],
      { env: { PATH: process.env.PATH, LOG_LEVEL: "silent", HOST: "127.0.0.1", ...env }, timeout: 60_000 },
      (error, _stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code) : 0, stderr }),
    );
  });
}

it("refuses a setting it cannot read, naming it", async () => {
  const { code, stderr } = await start({ DATA_DIR: path.join(scratch, "bad-port"), PORT: "abc" });
  expect(code).toBe(2);
  expect(stderr).toMatch(/^identity-subgraph did not start: Invalid configuration: PORT: /);
});

it("refuses a database it cannot reach in one line, naming where it tried and what to check", async () => {
  const { code, stderr } = await start({ DATABASE_URL: "postgres://identity@127.0.0.1:1/identity", PORT: "0" });
  expect(code).toBe(2);
  expect(stderr).toBe(
    "identity-subgraph did not start: the database cannot be used (connect ECONNREFUSED 127.0.0.1:1): check DATABASE_URL, that the database accepts connections from this host, and its credentials\n",
  );
});

it("refuses the embedded database while another process has it, naming the process", async () => {
  const dataDir = path.join(scratch, "held");
  const held = await openDatabase({ databaseUrl: undefined, dataDir: path.join(dataDir, "pglite") });
  try {
    const { code, stderr } = await start({ DATA_DIR: dataDir, PORT: "0" });
    expect(code).toBe(2);
    expect(stderr).toContain(`identity-subgraph did not start: The embedded database in ${dataDir}/pglite is in use by process ${process.pid}`);
  } finally {
    await held.close();
  }
});

it("refuses a port another process listens on, saying to set PORT, and lets go of the database", async () => {
  const taken: Server = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  const port = (taken.address() as { port: number }).port;
  try {
    const dataDir = path.join(scratch, "port");
    const { code, stderr } = await start({ DATA_DIR: dataDir, PORT: String(port) });
    expect(code).toBe(2);
    expect(stderr).toContain(`identity-subgraph did not start: port ${port} is in use by another process: stop it, or set PORT to a free port`);
    // It let go of the database it had opened: the next start, or a command, may have it.
    expect(existsSync(path.join(dataDir, "pglite.lock"))).toBe(false);
  } finally {
    taken.close();
  }
});
