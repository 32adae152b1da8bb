/**
 * lib/ops/start.ts without its build step, for the proof scripts when the production build in .next is older
 * than the sources (teammates edit the shared tree; building is the lead's job): database → migrations → seed →
 * admin → `next start` → in-process grader worker; SIGTERM stops them in reverse order.
 *
 * @example
 *   PORT=3200 CLOCKWISE_DATA_DIR=/tmp/x node --import tsx tests/load/support/serve-prebuilt.ts
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ensureAuthSecret, loadEnv } from "@/lib/config/env";
import { prepareDatabase } from "@/lib/db/bootstrap";
import { guardWorkerProcess } from "@/lib/grader/pipeline/process-guards";

const root = path.resolve(__dirname, "../../..");
const log = (msg: string) => process.stderr.write(`[clockwise] ${msg}\n`);

async function main() {
  const t0 = Date.now();
  const env = loadEnv(process.env);
  const secret = ensureAuthSecret(root);
  const stops: Array<() => Promise<void>> = [];
  let next: ChildProcess | undefined;
  let stopping = false;
  const shutdown = async (why: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${why})…`);
    if (next && next.exitCode === null) {
      next.kill("SIGTERM");
      await new Promise((r) => {
        const timer = setTimeout(() => (next?.kill("SIGKILL"), r(undefined)), 5000);
        next!.once("exit", () => (clearTimeout(timer), r(undefined)));
      });
    }
    for (const stop of stops.reverse()) await stop().catch((err) => log(`error while stopping: ${(err as Error).message}`));
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  guardWorkerProcess({ log, onFatal: (why) => void shutdown(why, 1) }); // as lib/ops/start.ts

  const db = await prepareDatabase({ log });
  stops.push(db.stop);
  process.env.DATABASE_URL = db.url;
  process.env.BETTER_AUTH_SECRET = secret;
  const childEnv = { ...process.env, DATABASE_URL: db.url, BETTER_AUTH_SECRET: secret, NEXT_TELEMETRY_DISABLED: "1", PORT: String(env.PORT) };
  next = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(env.PORT)], { cwd: root, stdio: "inherit", env: childEnv });
  next.on("exit", (code, signal) => {
    if (!stopping) void shutdown(`next exited (${code ?? signal})`, code || 1);
  });
  process.env.CLOCKWISE_ENGINE_BATCH_WINDOW_MS ??= "0";
  const { startGraderWorker } = await import("@/lib/grader/pipeline/worker");
  const worker = await startGraderWorker({ databaseUrl: db.url, log: (line) => log(`grader: ${line}`) });
  if (!worker.status().ok) log(`grader: NOT grading: ${worker.status().reason}`);
  stops.push(() => worker.stop());
  log(`ready (prebuilt) in ${((Date.now() - t0) / 1000).toFixed(1)} s: http://localhost:${env.PORT}`);
}

main().catch((err) => {
  log(`start failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(1);
});
