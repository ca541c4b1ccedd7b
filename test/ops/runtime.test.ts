// The Node that npm scripts run on: the one package.json pins as a development dependency, which
// npm puts first on PATH, whatever the system Node is.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

const manifest = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

describe("the runtime", () => {
  it("is the Node 24 that package.json pins, inside the engines range it declares", () => {
    expect(process.version).toBe(`v${manifest.devDependencies.node}`);
    expect(process.versions.node.split(".")[0]).toBe("24");
    // engines reads ">=24.N": the pinned release must not be older than what the project promises.
    const [, minor] = /^>=24\.(\d+)$/.exec(manifest.engines.node) ?? [];
    expect(Number(process.versions.node.split(".")[1])).toBeGreaterThanOrEqual(Number(minor));
  });
});
