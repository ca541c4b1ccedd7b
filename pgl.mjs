import { PGlite } from "@electric-sql/pglite";
const show = async (l) => { const m = process.memoryUsage(); const s = (await import("node:fs")).readFileSync("/proc/self/status","utf8"); console.log(l, "rss", Math.round(m.rss/1e6), "ab", Math.round(m.arrayBuffers/1e6), "heap", Math.round(m.heapUsed/1e6), s.match(/VmHWM:\s+(\d+)/)[1]/1000|0); };
await show("start");
const dir = process.argv[2];
const db = dir ? new PGlite(dir) : new PGlite();
await db.waitReady; await show("ready");
await db.query("select 1"); await show("query");
