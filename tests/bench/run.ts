/**
 * `npm run bench [-- NAME…] [--out FILE]`: runs the benchmark suites (all, or the named ones), prints their
 * results as markdown tables and writes the same tables, under a header with the date, machine and load average,
 * to FILE (default `.data/bench-report.md`, git-ignored). docs/performance.md explains the figures.
 */
import os from "node:os";
import path from "node:path";
import { benchReportHeader, describeMachine, writeBenchReport } from "@/lib/observability/bench-report";
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

const ROOT = path.resolve(__dirname, "../..");

/** Splits `--out FILE` / `--out=FILE` from the suite names. */
function parseArgs(argv: string[]): { wanted: string[]; out: string } {
  const wanted: string[] = [];
  let out = path.join(ROOT, ".data/bench-report.md");
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--out" && argv[i + 1]) out = path.resolve(argv[++i]!);
    else if (arg.startsWith("--out=")) out = path.resolve(arg.slice("--out=".length));
    else wanted.push(arg);
  }
  return { wanted, out };
}

async function main(): Promise<number> {
  const { wanted, out } = parseArgs(process.argv.slice(2));
  // The pipeline suite runs a real worker; its per-job JSON log lines would bury the tables.
  process.env.CLOCKWISE_LOG_LEVEL ??= "warn";
  const unknown = wanted.filter((name) => !benchSuites.some((suite) => suite.name === name));
  if (unknown.length > 0) {
    console.error(`unknown bench suite(s): ${unknown.join(", ")}; available: ${benchSuites.map((s) => s.name).join(", ")}`);
    return 2;
  }
  const suites = wanted.length === 0 ? benchSuites : benchSuites.filter((suite) => wanted.includes(suite.name));
  const machine = describeMachine();
  console.log(`# Clockwise bench — ${machine.date}, ${machine.cores} × ${machine.cpuModel}, node ${machine.node}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
  const sections: string[] = [];
  const emit = (text: string) => {
    console.log(`${text}\n`);
    sections.push(text);
  };
  let failed = 0;
  for (const suite of suites) {
    const started = performance.now();
    emit(`## ${suite.name}`);
    try {
      for (const table of await suite.run()) emit(markdown(table));
      emit(`_${suite.name}: ${((performance.now() - started) / 1000).toFixed(1)} s_`);
    } catch (error) {
      failed += 1;
      console.error(`suite ${suite.name} failed:`, error);
      sections.push(`**suite ${suite.name} failed:** ${(error as Error).message?.split("\n")[0] ?? String(error)}`);
    }
  }
  const header = benchReportHeader(machine, { suites: suites.map((s) => s.name), loadAtEnd: os.loadavg() });
  writeBenchReport(out, [header, ...sections]);
  console.log(`report written to ${path.relative(process.cwd(), out) || out}`);
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
