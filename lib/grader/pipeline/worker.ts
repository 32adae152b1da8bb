/**
 * The grader worker: takes grading jobs from the queue, grades each submission in the sandbox against the real
 * engine, and writes the verdict once. Runs inside `npm start` (lib/ops/start.ts) and standalone as
 * `npm run worker` on any machine with the same DATABASE_URL (docs/adr/0701-grading-queue.md).
 *
 * One attempt of a job: claim the Submission (attempt n) → reference run (cached) → user's code, each test stored
 * as it finishes → final verdict (fenced by n). An attempt that fails on our side (IE, stuck past the job timeout,
 * worker crash → pg-boss expiry) is retried; after the last retry the dead-letter handler writes IE/failed.
 *
 * @example
 *   const worker = await startGraderWorker({ concurrency: 2, log: (m) => console.error(m) });
 *   worker.status(); // { ok: true, languages: { python: "ok", … } }
 *   await worker.stop();
 */
import os from "node:os";
import { randomBytes } from "node:crypto";
import PgBoss from "pg-boss";
import { createPrismaClient } from "@/lib/db/client";
import {
  claimSubmission,
  failSubmission,
  findStalledGradeJobs,
  finishSubmission,
  readGradableQuestion,
  recordTestResult,
  releaseForRetry,
  touchSubmission,
} from "@/lib/db/submissions/grading-store";
import { readReferenceRun, writeReferenceRun } from "@/lib/db/submissions/reference-store";
import { beatWorker, markWorkerStopped, pruneWorkers } from "@/lib/db/submissions/worker-heartbeats";
import { getEngine } from "@/lib/engine";
import type { EngineLike } from "../types";
import { gradeSubmission } from "./grade-submission";
import { configureGradeQueue, DEAD_LETTER_QUEUE, GRADE_QUEUE, onLocalEnqueue, QUEUE_SCHEMA, type GradeJobData } from "./queue";
import { ReferenceCache, type ReferenceRun } from "./reference";
import { sandboxSelfTest, type SelfTestStatus } from "./self-test";
import { resolveWorkerConfig, type WorkerOptions } from "./worker-config";

export interface GraderWorker {
  id: string;
  /** The self-test result; `ok: false` means this worker takes no jobs (see `reason`). */
  status(): SelfTestStatus;
  stop(): Promise<void>;
}

/** An attempt ran past the job timeout: ours to retry, never the user's fault. */
export class StuckAttemptError extends Error {
  override name = "StuckAttemptError";
}

type Log = (line: string) => void;

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StuckAttemptError(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts a worker. Runs the sandbox self-test first: when the sandbox is unavailable (bubblewrap missing) the
 * worker only reports why (heartbeats, `status()`, /api/health) and grades nothing.
 *
 * @example
 *   const { stop } = await startGraderWorker({ databaseUrl: process.env.DATABASE_URL, log: console.error });
 */
export async function startGraderWorker(options: WorkerOptions & { log?: Log; engine?: EngineLike } = {}): Promise<GraderWorker> {
  const config = resolveWorkerConfig(options);
  const log: Log = options.log ?? ((line) => process.stderr.write(`[grader] ${line}\n`));
  const id = `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const db = createPrismaClient(config.databaseUrl);
  const active = new Map<string, number>(); // submissionId → attempt, touched by the heartbeat

  let status: SelfTestStatus;
  let engine: EngineLike | undefined = options.engine;
  try {
    engine ??= (await getEngine()) as unknown as EngineLike;
    status = await sandboxSelfTest(engine);
  } catch (error) {
    const reason = `the inference engine did not load: ${(error as Error).message.split("\n")[0]}`;
    status = { ok: false, reason, languages: { python: reason, javascript: reason, typescript: reason } };
  }
  const beat = () =>
    beatWorker(db, { id, host: os.hostname(), pid: process.pid, concurrency: status.ok ? config.concurrency : 0, status }).catch((error) =>
      log(`heartbeat failed: ${(error as Error).message}`),
    );
  await beat();
  await pruneWorkers(db).catch(() => {});

  const heartbeat = setInterval(() => {
    void beat();
    for (const [submissionId, attempt] of active) void touchSubmission(db, submissionId, attempt).catch(() => {});
  }, config.heartbeatSeconds * 1000);
  heartbeat.unref();

  if (!status.ok) {
    log(`NOT grading: ${status.reason}`);
    return {
      id,
      status: () => status,
      stop: async () => {
        clearInterval(heartbeat);
        await markWorkerStopped(db, id).catch(() => {});
        await db.$disconnect();
      },
    };
  }

  const references = new ReferenceCache({
    read: (key) => readReferenceRun<ReferenceRun>(db, key),
    write: (key, questionId, run) => writeReferenceRun(db, key, questionId, run),
  });
  const gradingEngine = engine!;

  const boss = new PgBoss({
    connectionString: config.databaseUrl,
    schema: QUEUE_SCHEMA,
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: config.maintenanceIntervalSeconds,
    max: Math.max(2, Math.min(config.concurrency + 1, 10)),
  });
  boss.on("error", (error) => log(`queue error: ${(error as Error).message}`));
  await boss.start();
  await configureGradeQueue(boss, { retryLimit: config.retryLimit, retryDelaySeconds: config.retryDelaySeconds, expireInSeconds: config.expireInSeconds });

  async function gradeJob(job: PgBoss.JobWithMetadata<GradeJobData>): Promise<{ verdict: string } | { skipped: string }> {
    const submissionId = job.data.submissionId;
    const claim = await claimSubmission(db, submissionId, id);
    if (!claim) return { skipped: "already final" };
    const attempt = claim.attempt;
    active.set(submissionId, attempt);
    const t0 = performance.now();
    try {
      const question = await readGradableQuestion(db, claim.questionId);
      if (!question) {
        await failSubmission(db, submissionId, "The question was deleted or is no longer a coding question.");
        return { skipped: "question gone" };
      }
      const graded = await withTimeout(
        gradeSubmission({
          question,
          language: claim.language,
          code: claim.code,
          mode: claim.mode,
          customArgs: claim.customArgs,
          engine: gradingEngine,
          references,
          onTest: async (test) => {
            await recordTestResult(db, submissionId, attempt, test);
          },
        }),
        config.jobTimeoutMs,
        `grading took longer than ${config.jobTimeoutMs} ms (attempt ${attempt})`,
      );
      if (graded.verdict === "IE") throw new Error(`internal error while grading: ${graded.internalError}`);
      const written = await finishSubmission(db, submissionId, attempt, {
        verdict: graded.verdict,
        score: graded.score,
        error: graded.compileError,
        tests: graded.tests,
      });
      log(`${submissionId} ${graded.verdict} ${graded.score} in ${Math.round(performance.now() - t0)} ms (attempt ${attempt}${written ? "" : ", superseded: not written"})`);
      return { verdict: graded.verdict };
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      log(`${submissionId} attempt ${attempt} failed (${job.retryCount}/${job.retryLimit} retries used): ${message.split("\n")[0]}`);
      await releaseForRetry(db, submissionId, attempt, `attempt ${attempt}: ${message.split("\n")[0]}`).catch(() => {});
      throw error;
    } finally {
      active.delete(submissionId);
    }
  }

  const workerIds: string[] = [];
  for (let i = 0; i < config.concurrency; i++) {
    workerIds.push(
      await boss.work<GradeJobData>(
        GRADE_QUEUE,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: config.pollingIntervalSeconds },
        async ([job]) => gradeJob(job),
      ),
    );
  }
  await boss.work<GradeJobData>(DEAD_LETTER_QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    const final = await failSubmission(db, job.data.submissionId, `Internal error: grading failed ${config.retryLimit + 1} times; this is not a problem with your code.`);
    if (final) log(`${job.data.submissionId} IE after ${config.retryLimit + 1} attempts`);
  });
  // A crashed worker's attempt is retried as soon as its submission misses heartbeats, not only after expireIn.
  const staleSeconds = Math.max(3, Math.ceil(config.heartbeatSeconds * 6));
  let sweeping = false;
  const sweep = setInterval(async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const stalled = await findStalledGradeJobs(db, { schema: QUEUE_SCHEMA, queue: GRADE_QUEUE, staleSeconds });
      if (stalled.length) {
        for (const jobId of stalled) await boss.fail(GRADE_QUEUE, jobId, { message: `the worker stopped sending heartbeats for ${staleSeconds} s` });
        log(`retrying ${stalled.length} job(s) of a worker that stopped responding`);
      }
    } catch (error) {
      log(`stalled-job sweep failed: ${(error as Error).message}`);
    } finally {
      sweeping = false;
    }
  }, Math.max(1000, config.heartbeatSeconds * 2000));
  sweep.unref();
  const stopWaking = onLocalEnqueue(() => workerIds.forEach((w) => boss.notifyWorker(w)));
  log(`grading with ${config.concurrency} slot(s) (${status.sandbox ?? "sandbox"}; job timeout ${config.jobTimeoutMs} ms, ${config.retryLimit} retries)`);

  let stopping: Promise<void> | undefined;
  return {
    id,
    status: () => status,
    stop: () =>
      (stopping ??= (async () => {
        stopWaking();
        clearInterval(heartbeat);
        clearInterval(sweep);
        // Graceful: running attempts finish (or are failed back to the queue by pg-boss after the timeout).
        await boss.stop({ graceful: true, wait: true, timeout: Math.min(config.jobTimeoutMs, 30_000) }).catch(() => {});
        await markWorkerStopped(db, id).catch(() => {});
        await db.$disconnect();
      })()),
  };
}
