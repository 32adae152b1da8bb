/**
 * Starts the whole app for the proof scripts the way an operator does, on a private port and a fresh data
 * directory (fresh embedded PostgreSQL, migrations, seed, admin), and stops it with its process group.
 *
 * Two ways, chosen by `build`:
 * - "npm-start": `node lib/ops/bootstrap.mjs start` exactly as `npm start` (it runs `next build` first when the
 *   sources changed since the last build — minutes on two cores);
 * - "prebuilt": the same command with `--no-build` — every step of lib/ops/start.ts except the build, serving
 *   the production build already in .next. Used when the build is stale but a teammate owns building (shared tree).
 * "auto" (default) picks npm-start when the build is current, prebuilt otherwise. CLOCKWISE_PROOF_KEEP=1 keeps the
 * data directory and the log for inspection.
 *
 * @example
 *   const app = await startApp({ port: 3200, log: console.error });
 *   await fetch(`${app.url}/api/health`);
 *   await app.stop();
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BUILD_STAMP, sourceHash } from "@/lib/ops/build-stamp";

export const ROOT = path.resolve(__dirname, "../../..");
export const ADMIN = { email: "loadtest-admin@clockwise.local", password: "loadtest-admin-password-1" };

export type BuildMode = "auto" | "npm-start" | "prebuilt";

export interface RunningApp {
  url: string;
  port: number;
  dataDir: string;
  logFile: string;
  mode: "npm-start" | "prebuilt";
  pid: number;
  child: ChildProcess;
  /** Milliseconds from spawn to the first healthy /api/health. */
  startMs: number;
  /** The PostgreSQL data directory of the embedded server. */
  pgDataDir: string;
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  port: number;
  build?: BuildMode;
  /** Extra environment for the app (e.g. CLOCKWISE_MODELS_DIR). */
  env?: Record<string, string>;
  /** Use this data directory (created if missing) instead of a fresh temporary one; it is not removed. */
  dataDir?: string;
  /** How long to wait for health (default 15 min for npm-start, 3 min for prebuilt). */
  timeoutMs?: number;
  /** Resolve as soon as /api/health answers at all (even 503), e.g. for fault scenarios. */
  acceptUnhealthy?: boolean;
  /** false: start even without a production build (a scenario expected to fail before serving). */
  requireBuild?: boolean;
  log?: (line: string) => void;
}

/** Apps started by this process: Ctrl-C (SIGINT/SIGTERM) stops them, since each runs in its own process group. */
const started = new Set<RunningApp>();
let signalsHooked = false;
function stopAllOnSignal(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      process.stderr.write(`[proof] ${signal}: stopping ${started.size} app(s)…\n`);
      void Promise.allSettled([...started].map((app) => app.stop())).then(() => process.exit(130));
    });
  }
}

export function buildIsCurrent(): boolean {
  const stamp = path.join(ROOT, BUILD_STAMP);
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID")) || !fs.existsSync(stamp)) return false;
  return fs.readFileSync(stamp, "utf8") === sourceHash(ROOT);
}

async function portAnswers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

export async function startApp(options: StartOptions): Promise<RunningApp> {
  const log = options.log ?? (() => {});
  const url = `http://127.0.0.1:${options.port}`;
  if (await portAnswers(url)) throw new Error(`port ${options.port} already serves something; stop it or choose another port`);
  let mode: "npm-start" | "prebuilt";
  if (options.build === "npm-start" || options.build === "prebuilt") mode = options.build;
  else mode = buildIsCurrent() ? "npm-start" : "prebuilt";
  if (mode === "prebuilt" && options.requireBuild !== false && !fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error("no production build in .next: run `npm start` once (it builds), or pass --build npm-start");
  }
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-proof-data-"));
  fs.mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(os.tmpdir(), `clockwise-proof-${options.port}-${Date.now()}.log`);
  const out = fs.openSync(logFile, "a");
  const args =
    mode === "npm-start"
      ? [path.join(ROOT, "lib/ops/bootstrap.mjs"), "start"]
      : [path.join(ROOT, "lib/ops/bootstrap.mjs"), "start", "--no-build"];
  log(`starting the app (${mode}) on ${url}, data in ${dataDir}, log ${logFile}`);
  const startedAt = Date.now();
  stopAllOnSignal();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(options.port),
      CLOCKWISE_DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: "",
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      BETTER_AUTH_URL: url,
      APP_URL: url,
      ...options.env,
    },
    stdio: ["ignore", out, out],
    detached: true, // own process group: stop() can reach Next, the worker and PostgreSQL
  });
  fs.closeSync(out);
  const readLog = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "");
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid!, "SIGTERM"); // the supervisor stops Next, the worker and PostgreSQL in order
      } catch {
        /* gone */
      }
      const deadline = Date.now() + 30_000;
      while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) await sleep(250);
    }
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* all stopped */
    }
    await stopLeftoverPostgres(path.join(dataDir, "postgres"));
    if (ownDataDir && !process.env.CLOCKWISE_PROOF_KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
    if (!process.env.CLOCKWISE_PROOF_KEEP) fs.rmSync(logFile, { force: true });
  };
  const deadline = Date.now() + (options.timeoutMs ?? (mode === "npm-start" ? 15 * 60_000 : 3 * 60_000));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}) before it was ready; log ${logFile}:\n${readLog().slice(-2000)}`);
      try {
        const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
        if (res.ok || options.acceptUnhealthy) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`the app did not become healthy in time; log ${logFile}`);
      await sleep(500);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const app: RunningApp = {
    url,
    port: options.port,
    dataDir,
    logFile,
    mode,
    pid: child.pid!,
    child,
    startMs: Date.now() - startedAt,
    pgDataDir: path.join(dataDir, "postgres"),
    log: readLog,
    stop: async () => {
      started.delete(app);
      await stop();
    },
  };
  started.add(app);
  return app;
}

/** A PostgreSQL still running on `pgDataDir` (e.g. restarted by a fault script outside the app) is stopped. */
export async function stopLeftoverPostgres(pgDataDir: string): Promise<void> {
  const pidFile = path.join(pgDataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, "SIGINT"); // PostgreSQL's fast shutdown
  } catch {
    return;
  }
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(200);
  }
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    /* gone */
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
