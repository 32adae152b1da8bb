/**
 * Latency statistics and markdown tables for the proof scripts' reports.
 *
 * @example
 *   percentile([5, 1, 9], 50) // 5
 *   markdownTable(["a", "b"], [[1, 2]]) // "| a | b |\n|---|---|\n| 1 | 2 |"
 */
import fs from "node:fs";
import path from "node:path";

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function ms(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value)} ms` : "–";
}

export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.map((c) => String(c).replace(/\|/g, "\\|").replace(/\n/g, " ")).join(" | ")} |`;
  return [line(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

/** Prints the report and writes it to .data/<name>-report.md (git-ignored). Returns the file path. */
export function writeReport(root: string, name: string, markdown: string): string {
  const dir = path.join(root, ".data");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-report.md`);
  fs.writeFileSync(file, markdown.endsWith("\n") ? markdown : `${markdown}\n`);
  process.stdout.write(`${markdown}\n\n(written to ${path.relative(root, file)})\n`);
  return file;
}
