#!/usr/bin/env node
// The `identity-subgraph` command (package.json "bin"): see program.ts for the commands.
import { runCli } from "./program.js";

const code = await runCli(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env });
// Exit now: msal's and fetch's keep-alive sockets would otherwise hold the process for seconds.
process.exit(code);
