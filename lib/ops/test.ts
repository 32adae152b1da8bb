/**
 * `npm test`: the whole suite in two Jest runs.
 *   1. unit, engine, models, bank, integration (real PostgreSQL started by the global setup), pipeline, grader and
 *      adversarial (real bubblewrap sandbox, real ONNX models);
 *   2. end-to-end in real Chromium against the production build served the way `npm start` serves it
 *      (tests/e2e/jest.config.js; its global setup builds and starts the app on a private port and data dir).
 * Arguments go to the first run (e.g. `npm test -- tests/engine`); when any are given the e2e run is skipped
 * unless they point into tests/e2e.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "../..");
const args = process.argv.slice(2);
const jestBin = path.join(root, "node_modules/jest/bin/jest.js");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const e2eConfig = path.join(root, "tests/e2e/jest.config.js");

function jest(extra: string[]): number {
  const res = spawnSync(process.execPath, [jestBin, "--ci", ...extra], { cwd: root, stdio: "inherit", env });
  return res.status ?? 1;
}

const onlyE2e = args.length > 0 && args.every((a) => a.startsWith("-") || a.includes("tests/e2e"));
let status = 0;
if (!onlyE2e) status = jest(args);
if (status === 0 && existsSync(e2eConfig) && (args.length === 0 || onlyE2e)) {
  status = jest(["--config", e2eConfig, ...args.filter((a) => a.startsWith("-"))]);
}
process.exit(status);
