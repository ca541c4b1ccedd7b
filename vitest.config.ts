// Vitest: one forked worker per file, so each file owns its database and emulator.
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // type-graphql and @apollo/subgraph must share one graphql module instance.
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    // Makes the emulator's CA (made for this run) trusted by every worker via NODE_EXTRA_CA_CERTS,
    // and gives the workers a directory to share (TEST_RUN_DIR).
    globalSetup: ["test/emulator/global-setup.ts", "test/support/run-directory.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
