/**
 * `npm run worker`: a standalone grader worker for the database in DATABASE_URL (grading scales out by starting
 * more of these on other machines). CLOCKWISE_WORKER_CONCURRENCY and the other settings are validated at start
 * (lib/grader/pipeline/worker-config.ts). SIGINT/SIGTERM stop it gracefully.
 */
import { startGraderWorker } from "./worker";
import { WorkerConfigError } from "./worker-config";

const log = (line: string) => process.stderr.write(`[grader] ${line}\n`);

async function main() {
  // As in npm start (lib/ops/start.ts): a box sends one engine request at a time, so a micro-batching window
  // would only add its wait to every forward stage the candidate sees.
  process.env.CLOCKWISE_ENGINE_BATCH_WINDOW_MS ??= "0";
  let worker;
  try {
    worker = await startGraderWorker({ log });
  } catch (error) {
    if (error instanceof WorkerConfigError) {
      log(error.message);
      process.exit(2);
    }
    throw error;
  }
  const status = worker.status();
  if (!status.ok) log(`this worker will not grade until the problem is fixed: ${status.reason}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${signal})…`);
    await worker.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error) => {
  log(`worker failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
