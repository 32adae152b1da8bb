/**
 * `npm test`: the whole Jest suite (unit, engine, integration on a real PostgreSQL started by the global
 * setup, grader and adversarial on the real sandbox). Extra arguments go to Jest.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "../..");
const args = process.argv.slice(2);
const jest = spawnSync(process.execPath, [path.join(root, "node_modules/jest/bin/jest.js"), "--ci", ...args], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
process.exit(jest.status ?? 1);
