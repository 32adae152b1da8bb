/**
 * Faults (e) and (f): what the app does with its models directory at start-up, each run of the app (`npm start --
 * --no-build` through startApp, like the other scenarios) seeing models/ as a read-only bind mount made in a private
 * mount namespace, so the host's models/ is never touched and the mount disappears with the app:
 *   (e)  models/ itself, read-only. Expected: starts, /api/health 200, a correct submission is graded AC, and nothing
 *        tried to write into models/ (no EROFS / "read-only file system" in the app's log).
 *   (f1) a copy of models/ without word2vec/vocab.json, which manifest.json lists. Expected: at start-up the log and
 *        /api/health name the file and why; a submission is refused with 503 (no grader can grade, ADR 1103).
 *   (f2) an empty directory. Expected: the same, saying the models folder is empty.
 * This file runs in the fault runner; it re-runs tests/faults/models-mount-child.ts under
 * `unshare --mount --propagation private`, which mounts and starts the app there (the app inherits the namespace)
 * and hands back its FaultResult as JSON.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { log, type FaultResult } from "./scenario";

export type ModelsMountVariant = "read-only" | "missing-file" | "empty";

const CHILD = path.join(__dirname, "models-mount-child.ts");

/** Runs one variant in its own mount namespace; the child's result, or a failed row saying why there is none. */
async function inNamespace(variant: ModelsMountVariant, port: number, fault: string, expected: string): Promise<FaultResult> {
  const t0 = Date.now();
  if (os.userInfo().uid !== 0) return { fault, expected, observed: "skipped: a private mount namespace needs root", pass: false, seconds: 0 };
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-proof-mount-")), "result.json");
  // The same node and loader flags as this process (tsx), so the child resolves `@/` and TypeScript alike.
  const child = spawn("unshare", ["--mount", "--propagation", "private", "--", process.execPath, ...process.execArgv, CHILD, variant, String(port), out, fs.readlinkSync("/proc/self/ns/mnt")], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  try {
    if (!fs.existsSync(out)) {
      return { fault, expected, observed: `the namespace child exited (${code}) without a result`, pass: false, seconds: (Date.now() - t0) / 1000 };
    }
    return { ...(JSON.parse(fs.readFileSync(out, "utf8")) as FaultResult), fault, expected };
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

/** (e) read-only models/ at start-up. */
export function readOnlyModelsAtStart(port: number): Promise<FaultResult> {
  log("(e) models/ mounted read-only in a private mount namespace");
  return inNamespace(
    "read-only",
    port,
    "(e) read-only models directory at start-up (models/ bind-mounted read-only)",
    "starts; /api/health 200; a correct submission graded AC; nothing writes into models/ (no EROFS in the log)",
  );
}

/** (f) a file the manifest lists is missing, and an empty models directory, at start-up. */
export async function brokenModelsAtStart(port: number): Promise<FaultResult[]> {
  log("(f) models/ with a missing file, then empty, each mounted read-only in a private mount namespace");
  const expected = "at start-up the log and /api/health name the file (or the empty folder) and why; submissions refused with 503";
  return [
    await inNamespace("missing-file", port, "(f1) manifest.json lists a model file that is not there (word2vec/vocab.json)", expected),
    await inNamespace("empty", port, "(f2) empty read-only models directory at start-up", expected),
  ];
}
