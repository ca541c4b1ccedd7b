#!/usr/bin/env node
// The `identity-subgraph` command (package.json "bin"): see program.ts for the commands. It is
// imported after drizzle-orm's loading hook is registered (see src/drizzle-loading.ts).
import { resolveDrizzleModulesDirectly } from "../drizzle-loading.js";

resolveDrizzleModulesDirectly();
const { runCli } = await import("./program.js");
const code = await runCli(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env });
// Exit now: msal's and fetch's keep-alive sockets would otherwise hold the process for seconds.
process.exit(code);
