/**
 * `npm run faults [-- --only a,b,c,d,e,f]`: injects faults into real parts and checks the app's answer to each.
 * (a) kill -9 a standalone worker mid-grading · (b) PostgreSQL stopped for 10 s during traffic · (c) disk full at
 * start-up · (d) corrupted models directory at start-up · (e) read-only models directory at start-up · (f) a model
 * file the manifest lists is missing, and an empty models directory, at start-up ((e) and (f) mount models/ read-only
 * in a private mount namespace: root). Prints a markdown table (fault, expected, observed,
 * pass/fail) and writes it to .data/faults-report.md; exit 1 when any scenario fails.
 */
import { parseArgs } from "node:util";
import { ROOT } from "../load/support/app";
import { markdownTable, writeReport } from "../load/support/stats";
import { killWorkerMidGrading } from "./kill-worker";
import { log, type FaultResult } from "./scenario";

const { values: args } = parseArgs({ options: { only: { type: "string", default: "a,b,c,d,e,f" }, port: { type: "string", default: "3201" } } });

const SCENARIOS: Record<string, (port: number) => Promise<FaultResult | FaultResult[]>> = {
  a: () => killWorkerMidGrading(),
  b: async (port) => (await import("./postgres-outage")).postgresOutage(port),
  c: async (port) => (await import("./disk-full")).diskFullAtStart(port + 1),
  d: async (port) => (await import("./corrupt-models")).corruptModelsAtStart(port + 2),
  e: async (port) => (await import("./models-mount")).readOnlyModelsAtStart(port + 3),
  f: async (port) => (await import("./models-mount")).brokenModelsAtStart(port + 4),
};

async function main() {
  process.env.CLOCKWISE_SUBMISSION_RATE_LIMIT ??= "1000"; // the scripts' own direct submissions are not the subject
  const results: FaultResult[] = [];
  for (const key of args.only!.split(",").map((s) => s.trim()).filter(Boolean)) {
    const scenario = SCENARIOS[key];
    if (!scenario) throw new Error(`unknown scenario ${key} (a, b, c, d, e, f)`);
    log(`scenario ${key}…`);
    const started = Date.now();
    let rows: FaultResult[];
    try {
      rows = [await scenario(Number(args.port))].flat();
    } catch (error) {
      rows = [{ fault: `(${key})`, expected: "scenario runs", observed: `the scenario itself failed: ${(error as Error).message.slice(0, 400)}`, pass: false, seconds: (Date.now() - started) / 1000 }];
    }
    results.push(...rows);
    log(`scenario ${key}: ${rows.map((r) => (r.pass ? "pass" : "FAIL")).join(", ")} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  const report = [
    `# Fault injection — ${new Date().toISOString()}`,
    "",
    markdownTable(["fault", "expected", "observed", "result", "took"], results.map((r) => [r.fault, r.expected, r.observed, r.pass ? "pass" : "**FAIL**", `${r.seconds.toFixed(0)} s`])),
    ...results.filter((r) => r.details).map((r) => `\n${r.details}`),
  ].join("\n");
  writeReport(ROOT, "faults", report);
  process.exit(results.every((r) => r.pass) ? 0 : 1);
}

main().catch((error) => {
  log(`failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
