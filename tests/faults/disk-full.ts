/**
 * Fault (c): the data directory is on a full disk at start-up — a 4 MiB tmpfs this script mounts (root only;
 * PostgreSQL's initdb needs ~40 MB). Expected: the start fails by itself (no hang) with a message that names the
 * cause (no space left on device). The mount and its directory are removed afterwards.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startApp } from "../load/support/app";
import { log, type FaultResult } from "./scenario";

export async function diskFullAtStart(port: number): Promise<FaultResult> {
  const t0 = Date.now();
  const fault = "(c) data directory on a full disk at start-up (4 MiB tmpfs)";
  const expected = "start-up stops by itself with a clear 'no space left' message";
  if (os.userInfo().uid !== 0) return { fault, expected, observed: "skipped: mounting a tmpfs needs root", pass: false, seconds: 0 };
  const mount = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-proof-full-"));
  fs.chmodSync(mount, 0o711);
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m,mode=0711", "tmpfs", mount]);
  try {
    let observed: string;
    let pass = false;
    const started = Date.now();
    try {
      const app = await startApp({ port, dataDir: path.join(mount, "data"), timeoutMs: 180_000, log, build: "prebuilt", requireBuild: false });
      await app.stop();
      observed = "the app started and reported healthy on a full disk";
    } catch (error) {
      const message = (error as Error).message;
      const took = ((Date.now() - started) / 1000).toFixed(1);
      const lines = message.split("\n").filter((l) => /no space left|ENOSPC/i.test(l)).concat(message.split("\n").filter((l) => /failed/i.test(l)));
      const clear = /no space left on device|ENOSPC/i.test(message);
      pass = clear && /exited \(/.test(message);
      observed = `${/exited \(/.test(message) ? `exited after ${took} s` : `did not exit (${took} s)`}; ${clear ? "message names the cause" : "NO clear message"}: "${(lines[0] ?? message.split("\n")[0]).trim().slice(0, 260)}"`;
    }
    return { fault, expected, observed, pass, seconds: (Date.now() - t0) / 1000 };
  } finally {
    try {
      execFileSync("umount", [mount]);
    } catch {
      execFileSync("umount", ["-l", mount]);
    }
    fs.rmSync(mount, { recursive: true, force: true });
  }
}
