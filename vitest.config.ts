// Vitest: one forked worker per file, so each file owns its database and emulator.
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// Tests that run on an embedded database of their own whatever DATABASE_URL says: the demo, the
// installed command, `npm start`'s refusals, the embedded database's lock. Against PostgreSQL
// (DATABASE_URL set, CI's first pass) they would run exactly as in the PGlite pass: they are left
// to that one.
const EMBEDDED_ONLY = [
  "test/demo/demo.test.ts",
  "test/cli/installed-bin.test.ts",
  "test/ops/startup-refusals.test.ts",
  "test/db/embedded-lock.test.ts",
];

export default defineConfig({
  resolve: {
    // type-graphql and @apollo/subgraph must share one graphql module instance.
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...(process.env.DATABASE_URL ? EMBEDDED_ONLY : [])],
    pool: "forks",
    // Two files at once even on two cores (Vitest's default is one fewer than the cores): a test
    // file mostly waits, on its database, its emulator's HTTPS or a deadline.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Makes the emulator's CA (made for this run) trusted by every worker via NODE_EXTRA_CA_CERTS,
    // and gives the workers a directory to share (TEST_RUN_DIR).
    globalSetup: ["test/emulator/global-setup.ts", "test/support/run-directory.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
