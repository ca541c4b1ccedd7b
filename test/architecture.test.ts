// The layers of src/ and which may import which, read from the import statements themselves:
// Graph -> sync -> mirror on one side, resolver -> loader on the other, and nothing running back.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { importCycles, importGraph, type ImportEdge } from "./support/import-graph.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const edges = importGraph(ROOT, "src");

const under = (folder: string) => (path: string) => path.startsWith(`src/${folder}/`);
const describeEdge = ({ from, to, typeOnly }: ImportEdge) => `${from} imports ${to}${typeOnly ? " (type only)" : ""}`;
const importsFrom = (importer: (path: string) => boolean, imported: (path: string) => boolean) =>
  edges.filter((edge) => importer(edge.from) && imported(edge.to)).map(describeEdge);

describe("the import graph of src/", () => {
  it("is read from the modules' import statements, type-only ones included", () => {
    // A reader that found nothing would make every rule below pass.
    expect(edges).toContainEqual({ from: "src/entra/sync/sync-directory.ts", to: "src/mirror/sweep.ts", typeOnly: false });
    expect(edges).toContainEqual({ from: "src/entra/sync/users.ts", to: "src/entra/sync/types.ts", typeOnly: true });
  });

  it("has no import cycle, not even through type-only imports", () => {
    expect(importCycles(edges).map((cycle) => cycle.join(" -> "))).toEqual([]);
  });

  it("finds a cycle closed by a re-export or a type-only import, and names its modules", () => {
    const ring = importGraph(ROOT, "test/fixtures/import-cycle");
    expect(ring.map(describeEdge)).toEqual([
      "test/fixtures/import-cycle/left.ts imports test/fixtures/import-cycle/right.ts",
      "test/fixtures/import-cycle/right.ts imports test/fixtures/import-cycle/shape.ts (type only)",
      "test/fixtures/import-cycle/shape.ts imports test/fixtures/import-cycle/left.ts (type only)",
    ]);
    expect(importCycles(ring)).toEqual([
      [
        "test/fixtures/import-cycle/left.ts",
        "test/fixtures/import-cycle/right.ts",
        "test/fixtures/import-cycle/shape.ts",
        "test/fixtures/import-cycle/left.ts",
      ],
    ]);
  });

  it("keeps src/graphql/ and src/loaders/ free of src/entra/, types included: the API knows nothing of Graph", () => {
    expect(importsFrom((path) => under("graphql")(path) || under("loaders")(path), under("entra"))).toEqual([]);
  });

  it("keeps src/entra/ free of src/graphql/", () => {
    expect(importsFrom(under("entra"), under("graphql"))).toEqual([]);
  });

  it("lets only the sync (src/entra/sync/) import the mirror writer (src/mirror/)", () => {
    const outside = (path: string) => !under("entra/sync")(path) && !under("mirror")(path);
    expect(importsFrom(outside, under("mirror"))).toEqual([]);
  });
});
