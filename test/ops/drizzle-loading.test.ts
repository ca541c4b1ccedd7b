// What every replica carries before it does anything: loading drizzle-orm's ES build. Node's
// loader parses drizzle-orm's 179 KB package.json for each of its files; src/drizzle-loading.ts
// resolves them without that. Each case loads drizzle in a fresh process, as an entry point does.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const HOOK = new URL("../../src/drizzle-loading.ts", import.meta.url).href;

interface Loaded {
  /** V8's heap as reserved after loading: what the process keeps resident. */
  heapTotalMb: number;
  /** A statement built with the loaded modules. */
  statement: string;
}

async function loadDrizzle(withHook: boolean): Promise<Loaded> {
  const script = `
    ${withHook ? `(await import(${JSON.stringify(HOOK)})).resolveDrizzleModulesDirectly();` : ""}
    const { eq } = await import("drizzle-orm");
    const { pgTable, text } = await import("drizzle-orm/pg-core");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const people = pgTable("people", { id: text("id").primaryKey(), mail: text("mail") });
    const db = drizzle.mock();
    const statement = db.select({ id: people.id }).from(people).where(eq(people.mail, "ada@example.com")).toSQL().sql;
    console.log(JSON.stringify({ heapTotalMb: process.memoryUsage().heapTotal / 2 ** 20, statement }));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
    cwd: new URL("../..", import.meta.url),
  });
  return JSON.parse(stdout) as Loaded;
}

describe("loading drizzle-orm", () => {
  it("through the hook, builds the same statements and leaves V8's heap small", async () => {
    const loaded = await loadDrizzle(true);
    expect(loaded.statement).toBe('select "id" from "people" where "people"."mail" = $1');
    expect(loaded.heapTotalMb).toBeLessThan(64);
  });

  it("without it, grows V8's heap past 128 MB on this Node (the day this fails, the hook can go)", async () => {
    const loaded = await loadDrizzle(false);
    expect(loaded.statement).toBe('select "id" from "people" where "people"."mail" = $1');
    expect(loaded.heapTotalMb).toBeGreaterThan(128);
  });
});
