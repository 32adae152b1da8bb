/**
 * The whole-system figures of issue 8 in the same `npm run bench` run as the component suites: `load` runs the load
 * test (tests/load, through `npm start`'s own start path) and `scaleout` the two-namespace scale-out
 * (tests/scale, root only), each as its own process exactly as `npm run loadtest` / `npm run scaleout` do, and
 * carries their report's tables over. Shorter than the scripts' defaults so a bench run stays a few minutes;
 * run the scripts themselves for the full-length figures (docs/adr/1101-proof-scripts.md).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { BenchSuite, Table } from "./bench-suite";

const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

/**
 * The markdown tables of a proof report as bench tables: each titled by the heading above it, the report's plain
 * summary lines (e.g. "Total requests: …", "Speed-up …") kept as the table's note.
 *
 * @example
 *   tablesOfReport("## HTTP\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTotal: 3.", "load") // [{ title: "load: HTTP", columns: ["a", "b"], rows: [["1", "2"]], note: "Total: 3." }]
 */
export function tablesOfReport(markdown: string, prefix: string): Table[] {
  const tables: Table[] = [];
  let heading = "";
  let current: Table | null = null;
  const cells = (line: string) => line.trim().replace(/^\||\|$/g, "").split("|").map((cell) => cell.trim());
  for (const line of markdown.split("\n")) {
    if (line.startsWith("|")) {
      if (!current) {
        current = { title: heading ? `${prefix}: ${heading}` : prefix, columns: cells(line), rows: [] };
        tables.push(current);
      } else if (!/^\|[\s|:-]+\|$/.test(line.trim())) current.rows.push(cells(line));
      continue;
    }
    if (line.startsWith("#")) {
      heading = line.replace(/^#+\s*/, "");
      current = null;
    } else if (line.trim() && current && !line.startsWith("(written")) {
      current.note = current.note ? `${current.note} ${line.trim()}` : line.trim();
    } else if (!line.trim() && current && current.note) current = null;
  }
  return tables;
}

function runProof(script: string, args: string[], report: string, prefix: string, extraNode: string[] = []): Table[] {
  const file = path.join(ROOT, ".data", report);
  fs.rmSync(file, { force: true });
  const result = spawnSync(TSX, [...extraNode, script, ...args], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: process.env });
  if (!fs.existsSync(file)) throw new Error(`${script} wrote no report (exit ${result.status ?? result.signal})`);
  const tables = tablesOfReport(fs.readFileSync(file, "utf8"), prefix);
  if (tables.length === 0) throw new Error(`${script}: no table in ${file}`);
  if (result.status !== 0) tables[0]!.note = `${tables[0]!.note ?? ""} FAILED (exit ${result.status}) — see ${path.relative(ROOT, file)}`.trim();
  return tables;
}

export const loadSuite: BenchSuite = {
  name: "load",
  run: async () => runProof("tests/load/run.ts", ["--duration", "30", "--users", "100", "--port", "3260"], "loadtest-report.md", "load (100 users, 30 s)"),
};

export const scaleoutSuite: BenchSuite = {
  name: "scaleout",
  run: async () => {
    if (process.getuid?.() !== 0) throw new Error("the scale-out suite makes network namespaces: run as root");
    return runProof("tests/scale/run.ts", ["--submissions", "100"], "scaleout-report.md", "scale-out (100 submissions)", ["--conditions", "react-server"]);
  },
};
