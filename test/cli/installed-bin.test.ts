// The `identity-subgraph` command as npm installs it: package.json's "bin" linked by name into a
// directory on PATH, started through its `#!/usr/bin/env node` line as a process of its own, from
// the build. (cli.test.ts runs the same commands in-process, one case each.)
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmod, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/client.js";
import { createTokenVerifier } from "../../src/graphql/auth.js";
import { buildOnce, REPOSITORY } from "../support/build.js";
import { seedContoso } from "../support/company.js";
import { TEST_SECRETS_KEY } from "../support/server.js";

let scratch: string;
let env: NodeJS.ProcessEnv;

/** Runs `identity-subgraph ...args` as a shell would find it on PATH; its exit code and output. */
function identitySubgraph(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("identity-subgraph", args, { env }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  await buildOnce();
  scratch = await mkdtemp(path.join(tmpdir(), "identity-bin-"));
  // What npm does on install: link each bin by its name and make its target executable.
  const manifest = JSON.parse(await readFile(path.join(REPOSITORY, "package.json"), "utf8")) as { bin: Record<string, string> };
  const target = path.join(REPOSITORY, manifest.bin["identity-subgraph"]!);
  await chmod(target, 0o755);
  await symlink(target, path.join(scratch, "identity-subgraph"));
  // The embedded database the command will open, holding a company: seeded here, then closed,
  // since one process at a time may open it.
  const dataDir = path.join(scratch, "data");
  const database = await openDatabase({ databaseUrl: undefined, dataDir: path.join(dataDir, "pglite") });
  await database.migrate();
  await seedContoso(database.db, "contoso");
  await database.close();
  env = {
    // `env node` finds the Node these tests run on, as npm's PATH would.
    PATH: [scratch, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
    DATA_DIR: dataDir,
    SECRETS_KEY: TEST_SECRETS_KEY,
    DATABASE_URL: "",
  };
});
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("identity-subgraph, installed", () => {
  it("lists its commands on --help and exits 0", async () => {
    const { code, stdout } = await identitySubgraph("--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: identity-subgraph/);
    for (const command of ["migrate", "token", "integrations", "sync", "test-connection"]) expect(stdout).toContain(command);
  });

  it("prints the installed release's version on --version and exits 0", async () => {
    const { version } = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    const { code, stdout } = await identitySubgraph("--version");
    expect(code).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  });

  it("prints only a token on `token --role admin`, which the server accepts", async () => {
    const { code, stdout, stderr } = await identitySubgraph("token", "--role", "admin", "--org", "contoso");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const verify = await createTokenVerifier(loadConfig(env));
    expect(await verify(stdout.trim())).toMatchObject({ org: "contoso", roles: ["admin"] });
  });

  it("lists the database's integrations as JSON on `integrations --json`", async () => {
    const { code, stdout } = await identitySubgraph("integrations", "--org", "contoso", "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject([{ name: "contoso directory", tenantId: "contoso.onmicrosoft.com", status: "PENDING" }]);
  });

  it("refuses, exiting 2, the embedded database while another process has it open, and takes it once that one is done", async () => {
    const held = await openDatabase({ databaseUrl: undefined, dataDir: path.join(env.DATA_DIR!, "pglite") });
    try {
      const { code, stdout, stderr } = await identitySubgraph("integrations", "--org", "contoso");
      expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
      expect(stderr).toContain(`is in use by process ${process.pid} (the server, or another command): it admits one process at a time`);
    } finally {
      await held.close();
    }
    expect((await identitySubgraph("integrations", "--org", "contoso")).code).toBe(0);
  });

  it("exits 5 with a message on stderr for an integration that does not exist", async () => {
    const { code, stdout, stderr } = await identitySubgraph("sync", randomUUID());
    expect(code).toBe(5);
    expect(stdout).toBe("");
    expect(stderr).toContain("No integration has id");
  });
});
