/**
 * Starts the app for the e2e suite the way an operator does (`node lib/ops/bootstrap.mjs start`), on
 * E2E_PORT (3100) with a fresh CLOCKWISE_DATA_DIR (so a fresh embedded PostgreSQL, migrations and seed),
 * and stops it with SIGTERM (the start script then stops Next, the worker and the database in order).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://localhost:${E2E_PORT}`;
/** Where a started server's pid and data dir are kept for the teardown (one file per port). */
export const stateFile = (port: number = E2E_PORT) => path.join(os.tmpdir(), `clockwise-e2e-${port}.json`);

export interface ServerState {
  pid: number;
  dataDir: string;
  logFile: string;
}

async function waitForHealth(child: ChildProcess, baseUrl: string, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}) before it was ready; see ${logFile}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the app did not become healthy within ${timeoutMs / 1000} s; see ${logFile}`);
}

/** True when something already answers on the e2e port (another run's server): never test against it. */
async function portAnswers(baseUrl: string): Promise<boolean> {
  try {
    await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** `port`: the e2e suite uses E2E_PORT; other harnesses (the Lighthouse bench) start their own copy on another port. */
export async function startServer(port: number = E2E_PORT): Promise<ServerState> {
  const baseUrl = `http://localhost:${port}`;
  if (await portAnswers(baseUrl)) {
    throw new Error(`port ${port} is already serving (another e2e run?); stop it or set E2E_PORT`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-e2e-data-"));
  const logFile = path.join(dataDir, "server.log");
  const out = fs.openSync(logFile, "a");
  const child = spawn(process.execPath, [path.join(ROOT, "lib/ops/bootstrap.mjs"), "start"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), CLOCKWISE_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: "" },
    stdio: ["ignore", out, out],
    detached: true,
  });
  // Building (first run or changed sources) takes minutes on two cores; serving afterwards seconds.
  await waitForHealth(child, baseUrl, logFile, 15 * 60_000);
  const state = { pid: child.pid!, dataDir, logFile };
  fs.writeFileSync(stateFile(port), JSON.stringify(state));
  child.unref();
  return state;
}

export async function stopServer(port: number = E2E_PORT): Promise<void> {
  const file = stateFile(port);
  if (!fs.existsSync(file)) return;
  const state = JSON.parse(fs.readFileSync(file, "utf8")) as ServerState;
  fs.rmSync(file);
  try {
    process.kill(state.pid, "SIGTERM");
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      process.kill(state.pid, 0);
    } catch {
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  try {
    process.kill(-state.pid, "SIGKILL"); // the start script's process group, if anything is left
  } catch {
    /* all stopped */
  }
  if (!process.env.E2E_KEEP_DATA) fs.rmSync(state.dataDir, { recursive: true, force: true });
}
