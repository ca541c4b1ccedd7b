import { readFileSync } from "node:fs";
const hwm = (l) => { const s = readFileSync("/proc/self/status", "utf8"); console.log(l, "HWM", +s.match(/VmHWM:\s+(\d+)/)[1] / 1000 | 0, "RSS", +s.match(/VmRSS:\s+(\d+)/)[1] / 1000 | 0); };
const { PGlite } = await import("@electric-sql/pglite"); const p = new PGlite(process.argv[2]); await p.waitReady; hwm("pglite ready");
await new Promise((r) => setTimeout(r, 3000)); hwm("3 s later");
for (let i = 0; i < 200; i++) await p.query("select count(*) from pg_class"); hwm("200 queries");
await new Promise((r) => setTimeout(r, 3000)); hwm("3 s later");
process.exit(0);
