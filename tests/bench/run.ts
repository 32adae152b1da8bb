/**
 * `npm run bench [-- NAME…]`: runs the benchmark suites (all, or the named ones) and prints their
 * results as markdown tables.
 */
import os from "node:os";
import type { Table } from "./bench-suite";
import { benchSuites } from "./suites";

function markdown(table: Table): string {
  const cell = (value: string | number) => (typeof value === "number" ? formatNumber(value) : value);
  const lines = [
    `### ${table.title}`,
    "",
    `| ${table.columns.join(" | ")} |`,
    `|${table.columns.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
    ...table.rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ];
  if (table.note) lines.push("", table.note);
  return lines.join("\n");
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return Number.isInteger(value) && Math.abs(value) >= 1000 ? value.toLocaleString("en-US") : String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString("en-US");
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(3);
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !benchSuites.some((suite) => suite.name === name));
  if (unknown.length > 0) {
    console.error(`unknown bench suite(s): ${unknown.join(", ")}; available: ${benchSuites.map((s) => s.name).join(", ")}`);
    return 2;
  }
  const suites = wanted.length === 0 ? benchSuites : benchSuites.filter((suite) => wanted.includes(suite.name));
  console.log(`# Clockwise bench — ${new Date().toISOString()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}\n`);
  let failed = 0;
  for (const suite of suites) {
    const started = performance.now();
    console.log(`## ${suite.name}\n`);
    try {
      for (const table of await suite.run()) console.log(`${markdown(table)}\n`);
      console.log(`_${suite.name}: ${((performance.now() - started) / 1000).toFixed(1)} s_\n`);
    } catch (error) {
      failed += 1;
      console.error(`suite ${suite.name} failed:`, error);
    }
  }
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
