// A plain-text table for the terminal (and for pasting into BENCHMARKS.md as Markdown).

export type Row = [scenario: string, figure: string, measured: string, target: string, status: string];

/** Renders a Markdown table, columns padded so it also reads well raw. */
export function printTable(header: Row, rows: Row[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
