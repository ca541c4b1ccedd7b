// This release's version, from the package.json it ships in: for `identity-subgraph --version`
// and the server's first log line, so that an operator can tell which release answers.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "entra-identity-subgraph";

/** The package's version; found by walking up from this module, whether it runs from src/ or dist/src/. */
export function packageVersion(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (manifest.name === PACKAGE_NAME && manifest.version) return manifest.version;
    } catch {
      // No package.json here: look further up.
    }
    if (path.dirname(dir) === dir) return "unknown";
  }
}
