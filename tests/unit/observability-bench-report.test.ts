/**
 * The benchmark report file: its header names the date, cores, CPU, memory, Node version and load averages, warns
 * when the machine was busy, and the file holds the header followed by the printed sections.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchReportHeader, describeMachine, writeBenchReport, type MachineDescription } from "@/lib/observability/bench-report";

const machine: MachineDescription = {
  date: "2026-11-28T21:40:00.000Z",
  cpuModel: "Test CPU @ 3.0GHz",
  cores: 2,
  memoryGiB: 23.5,
  node: "v20.20.2",
  platform: "Linux 6.1.0 x64",
  loadAverage: [0.42, 0.5, 0.61],
};

test("the header names date, machine, node, load and suites", () => {
  const header = benchReportHeader(machine, { suites: ["engine", "grader"], loadAtEnd: [1.25, 0.9, 0.7] });
  expect(header.split("\n")).toEqual([
    "# Clockwise benchmark report",
    "",
    "| | |",
    "|---|---|",
    "| date | 2026-11-28T21:40:00.000Z |",
    "| machine | 2 × Test CPU @ 3.0GHz, 23.5 GiB RAM, Linux 6.1.0 x64 |",
    "| node | v20.20.2 |",
    "| load average (1 / 5 / 15 min) at start | 0.42 / 0.50 / 0.61 |",
    "| load average at end | 1.25 / 0.90 / 0.70 |",
    "| suites | engine, grader |",
  ]);
});

test("a busy machine (1-minute load above half the cores) gets a caveat", () => {
  expect(benchReportHeader({ ...machine, loadAverage: [1.0, 1, 1] }, { suites: ["engine"] })).not.toMatch(/exceeded/);
  expect(benchReportHeader({ ...machine, loadAverage: [1.8, 1, 1] }, { suites: ["engine"] })).toMatch(/1-minute load \(1\.80\) exceeded half the cores/);
});

test("describeMachine reads this machine", () => {
  const now = new Date("2026-01-02T03:04:05Z");
  const m = describeMachine(now);
  expect(m.date).toBe("2026-01-02T03:04:05.000Z");
  expect(m.cores).toBe(os.cpus().length);
  expect(m.node).toBe(process.version);
  expect(m.memoryGiB).toBeCloseTo(os.totalmem() / 1024 ** 3, 0);
  expect(m.loadAverage).toHaveLength(3);
});

test("the report file holds the header and the sections, its folder created", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-report-"));
  const file = path.join(dir, "nested", "bench-report.md");
  writeBenchReport(file, [benchReportHeader(machine, { suites: ["engine"] }), "## engine", "### Table\n\n| a |\n|---|\n| 1 |"]);
  const text = fs.readFileSync(file, "utf8");
  expect(text.startsWith("# Clockwise benchmark report\n")).toBe(true);
  expect(text).toContain("\n\n## engine\n\n### Table\n");
  expect(text.endsWith("| 1 |\n")).toBe(true);
  fs.rmSync(dir, { recursive: true, force: true });
});
