import { readFileSync } from "node:fs";
const hwm = (l) => { const s = readFileSync("/proc/self/status", "utf8"); console.log(l, "HWM", +s.match(/VmHWM:\s+(\d+)/)[1] / 1000 | 0, "RSS", +s.match(/VmRSS:\s+(\d+)/)[1] / 1000 | 0); };
const { resolveDrizzleModulesDirectly } = await import("./dist/src/drizzle-loading.js");
resolveDrizzleModulesDirectly();
await import("reflect-metadata");
hwm("start");
if (process.argv[2]) { const { PGlite } = await import("@electric-sql/pglite"); const p = new PGlite(process.argv[2]); await p.waitReady; hwm("pglite ready"); }
await import("./dist/src/app.js");
hwm("imported app");
process.exit(0);
