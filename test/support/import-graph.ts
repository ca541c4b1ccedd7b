// The import graph of a source folder, read from the files' own import and export statements with
// the TypeScript parser: what the architecture test checks the layers against.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** One module importing another, both as paths relative to the repository root. */
export interface ImportEdge {
  from: string;
  to: string;
  /** `import type`, or every name imported is a type: gone from the compiled JavaScript. */
  typeOnly: boolean;
}

/**
 * Every relative import (`import … from`, `export … from`, `import("…")`) of every `.ts` file
 * under `folder` of `root`. Package imports are left out: the layers are ours.
 */
export function importGraph(root: string, folder: string): ImportEdge[] {
  return sourceFiles(join(root, folder)).flatMap((file) => importsOf(root, file));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => path.endsWith(".ts") && statSync(path).isFile())
    .sort();
}

function importsOf(root: string, file: string): ImportEdge[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const edges: ImportEdge[] = [];
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith(".")) return;
    edges.push({ from: relative(root, file), to: relative(root, resolveModule(file, specifier.text)), typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, isTypeOnlyImport(node));
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, node.isTypeOnly);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], false);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal, true);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import "./x.js"` runs the module
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    !clause.name &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

/** `./x.js` names the compiled file: the source is `./x.ts`, or `./x/index.ts` for a folder. */
function resolveModule(importer: string, specifier: string): string {
  const target = resolve(dirname(importer), specifier);
  const candidates = [target.replace(/\.js$/, ".ts"), target, join(target, "index.ts")];
  const found = candidates.find((path) => path.endsWith(".ts") && existsSync(path));
  if (!found) throw new Error(`${importer} imports "${specifier}", which is no file`);
  return found;
}

/** The cycles a depth-first walk meets (at least one whenever there is any), each as the modules around it: `[a, b, a]`. */
export function importCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const cycles: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const walk = (module: string) => {
    const onPath = path.indexOf(module);
    if (onPath >= 0) {
      cycles.push([...path.slice(onPath), module]);
      return;
    }
    if (done.has(module)) return;
    path.push(module);
    for (const imported of next.get(module) ?? []) walk(imported);
    path.pop();
    done.add(module);
  };
  for (const module of [...next.keys()].sort()) walk(module);
  return cycles;
}
