// Loads drizzle-orm's ES build without the module loader's cost per file.
//
// To learn whether a file it resolves is an ES module, Node's loader (24 and 26 alike) looks up the
// nearest package.json, and that lookup parses the package's whole "exports" map anew each time.
// drizzle-orm's package.json is 179 KB and its ES build resolves about 450 files: 200 MB of short-
// lived objects at startup, enough to grow V8's young generation to its cap, where it stays. The
// service held 330 MB before serving anything; with this hook, 170 MB.
//
// Every file of that build is an ES module, so a relative import from inside it is resolved here as
// the loader would resolve it (a URL relative to the importing file), with its format given. Our
// own files import drizzle-orm by name, and each such import would parse the map again: the
// loader resolves each name once, and the answer is reused (one drizzle-orm is installed, so the
// importing file does not change it). Every other import goes through the loader untouched.
import { registerHooks } from "node:module";

/**
 * Call before anything imports drizzle-orm: hooks apply to modules resolved after them, and an
 * entry point's static imports are all resolved before its first line runs, so an entry point
 * registers this, then imports the rest of the program dynamically.
 */
export function resolveDrizzleModulesDirectly(): void {
  const drizzleRoot = new URL("./", import.meta.resolve("drizzle-orm")).href;
  const entries = new Map<string, { url: string; format?: string | null }>();
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const inDrizzle = context.parentURL?.startsWith(drizzleRoot) ?? false;
      if (inDrizzle && specifier.startsWith(".") && specifier.endsWith(".js")) {
        return { url: new URL(specifier, context.parentURL).href, format: "module", shortCircuit: true };
      }
      if (specifier === "drizzle-orm" || specifier.startsWith("drizzle-orm/")) {
        const key = `${specifier} ${context.conditions.join()}`;
        let entry = entries.get(key);
        if (!entry) entries.set(key, (entry = nextResolve(specifier, context)));
        return { ...entry, shortCircuit: true };
      }
      return nextResolve(specifier, context);
    },
  });
}
