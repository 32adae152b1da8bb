/**
 * The benchmark report written by `npm run bench` (tests/bench/run.ts): the same markdown tables it prints, under
 * a header saying when and on what they were measured — numbers without the machine and its load are not
 * comparable. docs/performance.md explains each figure.
 *
 * @example
 *   const header = benchReportHeader(describeMachine(), { suites: ["engine"], loadAtEnd: os.loadavg() });
 *   writeBenchReport(".data/bench-report.md", [header, "## engine", table]);
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface MachineDescription {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1, 5 and 15 minute load averages when the run started. */
  loadAverage: [number, number, number];
}

/** The machine as it is now. */
export function describeMachine(now = new Date()): MachineDescription {
  const [one = 0, five = 0, fifteen = 0] = os.loadavg();
  return {
    date: now.toISOString(),
    cpuModel: os.cpus()[0]?.model?.trim() || "unknown CPU",
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: [one, five, fifteen],
  };
}

const load = (l: readonly number[]) => l.map((v) => v.toFixed(2)).join(" / ");

/** The report's markdown header: date, machine, Node, load average (and a caveat when the machine was busy). */
export function benchReportHeader(machine: MachineDescription, run: { suites: string[]; loadAtEnd?: readonly number[] }): string {
  const busy = machine.loadAverage[0] > machine.cores * 0.5;
  const lines = [
    "# Clockwise benchmark report",
    "",
    "| | |",
    "|---|---|",
    `| date | ${machine.date} |`,
    `| machine | ${machine.cores} × ${machine.cpuModel}, ${machine.memoryGiB} GiB RAM, ${machine.platform} |`,
    `| node | ${machine.node} |`,
    `| load average (1 / 5 / 15 min) at start | ${load(machine.loadAverage)} |`,
    ...(run.loadAtEnd ? [`| load average at end | ${load(run.loadAtEnd)} |`] : []),
    `| suites | ${run.suites.join(", ")} |`,
  ];
  if (busy) {
    lines.push("", `> The 1-minute load (${machine.loadAverage[0].toFixed(2)}) exceeded half the cores when the run started: other work shared the CPU, so latencies are pessimistic and ratios noisier.`);
  }
  return lines.join("\n");
}

/** Writes the report (header + sections, blank line between) to `file`, creating its folder. */
export function writeBenchReport(file: string, sections: readonly string[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${sections.join("\n\n")}\n`);
}
