// Vitest: one forked worker per file, so each file owns its database and emulator.
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // type-graphql and @apollo/subgraph must share one graphql module instance.
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    include: ["test/**/*.test.ts"],
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
