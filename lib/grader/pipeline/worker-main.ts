/**
 * `npm run worker`: a standalone grader worker for the database in DATABASE_URL (grading scales out by starting
 * more of these on other machines). CLOCKWISE_WORKER_CONCURRENCY and the other settings are validated at start
 * (lib/grader/pipeline/worker-config.ts). SIGINT/SIGTERM stop it gracefully: no new jobs, running gradings get
 * CLOCKWISE_WORKER_STOP_TIMEOUT_MS (default 20 s) to finish, the rest are released for retry by another worker.
 */
import { EnvError } from "@/lib/config/env";
import { loadConfig, type Config } from "@/lib/config/config";
import { configureDatabase } from "@/lib/db/database-config";
import { childLogger, useEntryPointLogger } from "@/lib/observability/log";
import { guardWorkerProcess } from "./process-guards";
import { startGraderWorker } from "./worker";
import { WorkerConfigError } from "./worker-config";

// One JSON line per event on stderr (lib/observability/log.ts); job events carry submissionId, verdict, durations.
const logger = childLogger({ component: "grader" }, useEntryPointLogger());
const log = (line: string) => logger.info(line);

async function main() {
  // The whole configuration, validated once, before anything starts (lib/config; a bad value names the variable).
  let config: Config;
  try {
    config = loadConfig();
    configureDatabase({ url: config.database.url, poolSize: config.database.poolSize });
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    logger.error({ event: "worker.config_invalid" }, error.message);
    process.exit(2);
  }
  let worker;
  try {
    // A worker process's own defaults (one warm box per language) are options, not writes into process.env.
    worker = await startGraderWorker({ log, warmPool: config.workerProcess.warmPool });
  } catch (error) {
    if (error instanceof WorkerConfigError) {
      logger.error({ event: "worker.config_invalid" }, error.message);
      process.exit(2);
    }
    throw error;
  }
  const status = worker.status();
  if (!status.ok) log(`this worker will not grade until the problem is fixed: ${status.reason}`);
  let stopping = false;
  const stop = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${signal})…`);
    await worker.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  guardWorkerProcess({ log, onFatal: (why) => void stop(why, 1) });
}

main().catch((error) => {
  logger.fatal({ event: "worker.start_failed", err: error }, "worker failed to start");
  process.exit(1);
});
