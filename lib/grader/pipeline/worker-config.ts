/**
 * The grader worker's settings: options passed to startGraderWorker win over environment variables, which win
 * over defaults. Validated with zod; a bad value stops the worker with one message naming the variable. Pure: the
 * environment is passed in — lib/config's loadConfig() parses it once at start (docs/adr/0004-configuration.md).
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
 *   CLOCKWISE_WORKER_STOP_TIMEOUT_MS how long running gradings may finish on stop (default 20000)
 *
 * @example
 *   resolveWorkerConfig({ concurrency: 2 }, { DATABASE_URL: "postgresql://…" }).jobTimeoutMs // → 120000
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

/**
 * `databaseUrl: "optional"` validates everything else when the URL is not known yet (npm start learns it after
 * starting the embedded database); the result then has `databaseUrl: ""`.
 */
/** The variables a worker's settings come from (its section of the environment, lib/config hands it over). */
export const WORKER_VARIABLES: readonly string[] = [
  ...Object.values(ENV_NAMES).filter((name): name is string => name !== undefined && name !== "DATABASE_URL"),
  // The default job timeout follows the total time limit.
  "CLOCKWISE_TIME_MS_TOTAL",
  "CLOCKWISE_TIME_MS_TOTAL_MAX",
];

export function resolveWorkerConfig(
  options: WorkerOptions,
  env: Readonly<Record<string, string | undefined>> = {},
  check: { databaseUrl?: "required" | "optional" } = {},
): WorkerConfig {
  const fromEnv = (key: keyof WorkerOptions) => {
    const name = ENV_NAMES[key];
    const raw = name ? env[name] : undefined;
    return raw === undefined || raw.trim() === "" ? undefined : raw.trim();
  };
  const pick = (key: keyof WorkerOptions) => options[key] ?? fromEnv(key);
  const timeMsTotal = resolveLimits({}, env).timeMsTotal;
  const jobTimeoutMs = pick("jobTimeoutMs") ?? 3 * timeMsTotal + 30_000;
  const databaseUrl = pick("databaseUrl");
  const raw = {
    databaseUrl: databaseUrl === undefined && check.databaseUrl === "optional" ? "postgresql://" : databaseUrl,
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
  return databaseUrl === undefined ? { ...parsed.data, databaseUrl: "" } : parsed.data;
}

/** Default grace for running gradings on stop; under the 30 s most process managers wait before SIGKILL. */
export const DEFAULT_STOP_TIMEOUT_MS = 20_000;

/**
 * The stop grace from `value` (option or CLOCKWISE_WORKER_STOP_TIMEOUT_MS): whole milliseconds, 0–600000.
 *
 * @example
 *   resolveStopTimeoutMs("5000"); // → 5000
 */
export function resolveStopTimeoutMs(value: number | string | undefined): number {
  if (value === undefined || value === "") return DEFAULT_STOP_TIMEOUT_MS;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0 || ms > 600_000) {
    throw new WorkerConfigError(`CLOCKWISE_WORKER_STOP_TIMEOUT_MS: must be a whole number of milliseconds between 0 and 600000 (got ${JSON.stringify(String(value)).slice(0, 40)})`);
  }
  return ms;
}
