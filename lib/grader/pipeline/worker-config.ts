/**
 * The grader worker's settings: options passed to startGraderWorker win over environment variables, which win
 * over defaults. Validated with zod; a bad value stops the worker with one message naming the variable.
 *
 *   CLOCKWISE_WORKER_CONCURRENCY     submissions graded at once by this worker (default: CPU count)
 *   CLOCKWISE_GRADE_RETRY_LIMIT      retries after a failed/crashed/stuck attempt before the final IE (default 2)
 *   CLOCKWISE_GRADE_JOB_TIMEOUT_MS   an attempt running longer is stuck: IE, retried (default 3 × the total time limit + 30 s)
 *   CLOCKWISE_GRADE_EXPIRE_SECONDS   pg-boss fails an attempt still active after this (crashed worker) (default job timeout + 60 s)
 *   CLOCKWISE_QUEUE_MAINTENANCE_SECONDS  how often expired attempts are looked for (default 30)
 *   CLOCKWISE_WORKER_HEARTBEAT_SECONDS   heartbeat period (default 5); a running submission without a heartbeat for
 *                                        6 periods belongs to a dead worker and its job is retried at once
 *   CLOCKWISE_GRADE_PROGRESS_MS      live progress: finished tests are stored in one batch at most this often (default
 *                                    100; a grading shorter than this writes only its verdict); 0 = one write per test
 *                                    as it finishes (the behaviour before ADR 0704)
 *
 * @example
 *   resolveWorkerConfig({ concurrency: 2 }, process.env).jobTimeoutMs // → 120000
 */
import os from "node:os";
import { z } from "zod";
import { resolveLimits } from "../limits";

export interface WorkerOptions {
  databaseUrl?: string;
  concurrency?: number;
  retryLimit?: number;
  retryDelaySeconds?: number;
  jobTimeoutMs?: number;
  expireInSeconds?: number;
  maintenanceIntervalSeconds?: number;
  pollingIntervalSeconds?: number;
  heartbeatSeconds?: number;
  progressIntervalMs?: number;
}

export type WorkerConfig = Required<WorkerOptions>;

/** Live progress batches (ADR 0704): short enough to look live, long enough that a fast grading writes once. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 100;

export class WorkerConfigError extends Error {
  override name = "WorkerConfigError";
}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const Schema = z.object({
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres URL"),
  concurrency: int(1, 64),
  retryLimit: int(0, 10),
  retryDelaySeconds: int(0, 300),
  jobTimeoutMs: int(100, 3_600_000),
  expireInSeconds: int(1, 86_000),
  maintenanceIntervalSeconds: int(1, 3_600),
  pollingIntervalSeconds: z.coerce.number().min(0.5).max(60),
  heartbeatSeconds: z.coerce.number().min(0.2).max(60),
  progressIntervalMs: int(0, 10_000),
}).refine((c) => c.expireInSeconds * 1000 > c.jobTimeoutMs, {
  // pg-boss would otherwise fail an attempt before the worker's own timeout could release it cleanly.
  path: ["expireInSeconds"],
  message: "must be longer than the job timeout (CLOCKWISE_GRADE_JOB_TIMEOUT_MS)",
});

const ENV_NAMES: Partial<Record<keyof WorkerOptions, string>> = {
  databaseUrl: "DATABASE_URL",
  concurrency: "CLOCKWISE_WORKER_CONCURRENCY",
  retryLimit: "CLOCKWISE_GRADE_RETRY_LIMIT",
  jobTimeoutMs: "CLOCKWISE_GRADE_JOB_TIMEOUT_MS",
  expireInSeconds: "CLOCKWISE_GRADE_EXPIRE_SECONDS",
  maintenanceIntervalSeconds: "CLOCKWISE_QUEUE_MAINTENANCE_SECONDS",
  heartbeatSeconds: "CLOCKWISE_WORKER_HEARTBEAT_SECONDS",
  progressIntervalMs: "CLOCKWISE_GRADE_PROGRESS_MS",
};

export function resolveWorkerConfig(options: WorkerOptions = {}, env: Record<string, string | undefined> = process.env): WorkerConfig {
  const fromEnv = (key: keyof WorkerOptions) => {
    const name = ENV_NAMES[key];
    const raw = name ? env[name] : undefined;
    return raw === undefined || raw.trim() === "" ? undefined : raw.trim();
  };
  const pick = (key: keyof WorkerOptions) => options[key] ?? fromEnv(key);
  const timeMsTotal = resolveLimits({}, env as NodeJS.ProcessEnv).timeMsTotal;
  const jobTimeoutMs = pick("jobTimeoutMs") ?? 3 * timeMsTotal + 30_000;
  const raw = {
    databaseUrl: pick("databaseUrl"),
    concurrency: pick("concurrency") ?? os.cpus().length,
    retryLimit: pick("retryLimit") ?? 2,
    retryDelaySeconds: pick("retryDelaySeconds") ?? 1,
    jobTimeoutMs,
    expireInSeconds: pick("expireInSeconds") ?? Math.ceil(Number(jobTimeoutMs) / 1000) + 60,
    maintenanceIntervalSeconds: pick("maintenanceIntervalSeconds") ?? 30,
    pollingIntervalSeconds: pick("pollingIntervalSeconds") ?? 0.5,
    heartbeatSeconds: pick("heartbeatSeconds") ?? 5,
    progressIntervalMs: pick("progressIntervalMs") ?? DEFAULT_PROGRESS_INTERVAL_MS,
  };
  const parsed = Schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]) as keyof WorkerOptions;
      const source = options[key] !== undefined ? `option ${key}` : ENV_NAMES[key] ?? key;
      const shown = key === "databaseUrl" ? "(hidden)" : JSON.stringify(raw[key]);
      return `  ${source}: ${raw[key] === undefined ? "is required" : issue.message} (got ${shown})`;
    });
    throw new WorkerConfigError(`Invalid grader worker configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/**
 * Defaults of a grader worker *process* (`npm start`'s in-process worker, `npm run worker`) that differ from the
 * grader library's; explicit settings win.
 * - No micro-batching window: a box sends one engine request at a time, so a window would only add its wait to
 *   every forward stage the candidate sees (the web process keeps batching: playground, concept scoring).
 * - One warm box per language: a submission then skips the box start, grading overhead p50 35–41 ms instead of
 *   72–117 ms (docs/performance.md); the cost is one idle interpreter per language.
 *
 * @example
 *   applyWorkerProcessDefaults(process.env); // before startGraderWorker
 */
export function applyWorkerProcessDefaults(env: Record<string, string | undefined>): void {
  env.CLOCKWISE_ENGINE_BATCH_WINDOW_MS ??= "0";
  env.CLOCKWISE_WARM_POOL ??= "1";
}
