/**
 * The grader worker: takes grading jobs from the queue, grades each submission in the sandbox against the real
 * engine, and writes the verdict once. Runs inside `npm start` (lib/ops/start.ts) and standalone as
 * `npm run worker` on any machine with the same DATABASE_URL (docs/adr/0701-grading-queue.md).
 *
 * One attempt of a job: claim the Submission (attempt n) → reference run (cached) → user's code, each test stored
 * as it finishes → final verdict (fenced by n). An attempt that fails on our side (IE, stuck past the job timeout,
 * worker crash → pg-boss expiry) is retried; after the last retry the dead-letter handler writes IE/failed.
 *
 * Logs: one logger (pino, lib/observability/log.ts). Lifecycle lines are its info lines unless the caller passes
 * `log` (tests collect or silence them); every job event is one structured JSON line (component "grader": job.claimed / job.graded / job.retry / job.failed / job.released, with submissionId, attempt,
 * verdict and durations; never the code).
 *
 * Stopping (`stop()`, SIGINT/SIGTERM in `npm start` and `npm run worker`): no new jobs are taken; running gradings
 * may finish for up to CLOCKWISE_WORKER_STOP_TIMEOUT_MS (default 20 s) while heartbeats continue; whatever is
 * still running then is released for retry (Submission back to `queued`, pg-boss job failed → retried by any worker).
 *
 * @example
 *   const worker = await startGraderWorker({ concurrency: 2 });
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
  readQuestionVersion,
  recordTestResult,
  recordTestResults,
  releaseForRetry,
  touchSubmission,
} from "@/lib/db/submissions/grading-store";
import { readReferenceRun, writeReferenceRun } from "@/lib/db/submissions/reference-store";
import { scheduleReviewAfterSubmit } from "@/lib/db/review/review-card-due";
import { beatWorker, markWorkerStopped, pruneWorkers } from "@/lib/db/submissions/worker-heartbeats";
import { childLogger, type Logger } from "@/lib/observability/log";
import type { EngineLike } from "../types";
import { acquireEngineHost } from "../engine-host/host";
import type { TestResultInput as GradedTestInput } from "@/lib/db/submissions/grading-store";
import { closeDefaultBoxPool, configureWarmPool, defaultBoxPool } from "../sandbox/pool";
import { loadConfig } from "@/lib/config/config";
import { configureLimits } from "../limits";
import { configureSandboxHost } from "../sandbox/host-settings";
import { databaseUrl } from "@/lib/db/database-config";
import { gradeSubmission } from "./grade-submission";
import { ProgressWriter } from "./progress-writer";
import { listenForGradeJobs } from "./wake-channel";
import { configureGradeQueue, DEAD_LETTER_QUEUE, GRADE_QUEUE, isValidationJob, onLocalEnqueue, QUEUE_SCHEMA, type GradeJobData, type GradeQueueJobData } from "./queue";
import { createValidationJobs, type ValidationJobs } from "./validation-job";
import { findStalledValidationJobs } from "@/lib/db/submissions/reference-validation-store";
import { ReferenceCache, type ReferenceRun } from "./reference";
import { sandboxSelfTest, type SelfTestStatus } from "./self-test";
import { resolveStopTimeoutMs, resolveWorkerConfig, type WorkerOptions } from "./worker-config";

export interface GraderWorker {
  id: string;
  /** The self-test result; `ok: false` means this worker takes no jobs (see `reason`). */
  status(): SelfTestStatus;
  /**
   * Stops taking jobs, lets running gradings finish for up to `timeoutMs` (default: the worker's stop timeout),
   * then releases unfinished ones for retry. Resolves when the worker holds nothing. Safe to call twice.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * Where one job's time went (the pipeline bench's breakdown, tests/bench/pipeline.ts; nothing logs it).
 * `pickedUpAt`/`storedAt` are performance.now() of this process, so a bench in the same process can join them to
 * its own clock.
 */
export interface GradeJobTrace {
  submissionId: string;
  pickedUpAt: number;
  claimMs: number;
  questionMs: number;
  referenceMs: number;
  boxStartMs: number;
  sandboxMs: number;
  /** Waiting, after the last test, for progress writes still in flight. */
  progressWaitMs: number;
  progressWrites: number;
  finishMs: number;
  storedAt: number;
}

export { DEFAULT_STOP_TIMEOUT_MS, resolveStopTimeoutMs } from "./worker-config";

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
 *   const { stop } = await startGraderWorker({ databaseUrl });
 *   // a worker process (npm start, npm run worker): its defaults from lib/config, never written into process.env
 *   await startGraderWorker({ warmPool: loadConfig().workerProcess.warmPool });
 */
export async function startGraderWorker(
  options: WorkerOptions & {
    log?: Log;
    engine?: EngineLike;
    logger?: Logger;
    stopTimeoutMs?: number;
    trace?: (trace: GradeJobTrace) => void;
    /** Warm boxes per language (default: the library's, CLOCKWISE_WARM_POOL or 0; a worker process passes 1). */
    warmPool?: number;
  } = {},
): Promise<GraderWorker> {
  // This worker's section of the process configuration (lib/config, parsed and validated once); options win.
  const settings = loadConfig();
  // The worker runs this process's boxes: the grader core gets its sections here (it reads no environment).
  configureSandboxHost(settings.sandbox);
  configureLimits(settings.grader.limits);
  const config = resolveWorkerConfig({ ...options, databaseUrl: options.databaseUrl ?? databaseUrl() }, settings.grader.workerEnv);
  const stopTimeoutMs = options.stopTimeoutMs === undefined ? settings.grader.stopTimeoutMs : resolveStopTimeoutMs(options.stopTimeoutMs);
  const id = `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const events = childLogger({ component: "grader", workerId: id }, options.logger);
  const log: Log = options.log ?? ((line) => events.info(line));
  const db = createPrismaClient(config.databaseUrl);
  const active = new Map<string, number>(); // submissionId → attempt, touched by the heartbeat

  let status: SelfTestStatus;
  let engine: EngineLike | undefined = options.engine;
  // The worker's own engine runs in a thread (ADR 0303): one submission's engine work never blocks this event loop.
  let releaseHost: (() => Promise<void>) | undefined;
  try {
    if (!engine) {
      // shared by the workers of this process: models loaded once; settings from the validated configuration
      const shared = await acquireEngineHost({ modelsDir: settings.engine.modelsDir, threads: settings.engine.threads });
      engine = shared.host;
      releaseHost = shared.release;
    }
    status = await sandboxSelfTest(engine);
  } catch (error) {
    const reason = `the inference engine did not load: ${(error as Error).message.split("\n")[0]}`;
    status = { ok: false, reason, languages: { python: reason, javascript: reason, typescript: reason } };
  }
  if (status.enforcement) {
    const { cgroups, enforced, missing } = status.enforcement;
    if (missing.length) events.warn({ cgroups, enforced, missing }, "sandbox limits are weaker than designed on this host");
    else events.info({ cgroups, enforced }, "sandbox limits enforced");
  }
  const beat = () =>
    beatWorker(db, { id, host: os.hostname(), pid: process.pid, concurrency: status.ok ? config.concurrency : 0, status }).catch((error) =>
      log(`heartbeat failed: ${(error as Error).message}`),
    );
  await beat();
  await pruneWorkers(db).catch(() => {});

  let validations: ValidationJobs | undefined; // the queue's second job kind: reference validation (validation-job.ts)
  const heartbeat = setInterval(() => {
    void beat();
    validations?.touchActive();
    for (const [submissionId, attempt] of active) void touchSubmission(db, submissionId, attempt).catch(() => {});
  }, config.heartbeatSeconds * 1000);
  heartbeat.unref();

  if (!status.ok) {
    log(`NOT grading: ${status.reason}`);
    // Also an error-level structured event: a worker that grades nothing is what an operator's alert should catch.
    events.error({ event: "worker.not_grading", reason: status.reason }, "this worker grades nothing until the problem is fixed");
    return {
      id,
      status: () => status,
      stop: async () => {
        clearInterval(heartbeat);
        await markWorkerStopped(db, id).catch(() => {});
        await db.$disconnect();
        await releaseHost?.();
      },
    };
  }

  const references = new ReferenceCache({
    read: (key) => readReferenceRun<ReferenceRun>(db, key),
    write: (key, questionId, run) => writeReferenceRun(db, key, questionId, run),
  });
  const gradingEngine = engine!;
  validations = createValidationJobs({ db, workerId: id, engine: gradingEngine, jobTimeoutMs: config.jobTimeoutMs, logger: events, withTimeout });
  // The warm boxes start now, not when the first job asks for one (CLOCKWISE_WARM_POOL; 0 starts nothing).
  configureWarmPool(options.warmPool ?? settings.grader.warmPool);
  const pool = defaultBoxPool();
  if (pool.size > 0) for (const language of ["python", "javascript"] as const) pool.fill(language);

  // The grader's copy of each question, reused while its version is unchanged (one small read instead of the
  // question, its contents, spec and tests on every job).
  const questions = new Map<string, { version: number; question: NonNullable<Awaited<ReturnType<typeof readGradableQuestion>>> }>();
  // `currentVersion`: the question's version as the claim read it (same statement), so a cached copy costs no query.
  async function loadQuestion(questionId: string, currentVersion?: number | null) {
    const cached = questions.get(questionId);
    if (cached && (currentVersion !== undefined ? currentVersion : await readQuestionVersion(db, questionId)) === cached.version) return cached.question;
    const question = await readGradableQuestion(db, questionId);
    questions.delete(questionId);
    if (question) {
      questions.set(questionId, { version: question.version, question });
      if (questions.size > 256) questions.delete(questions.keys().next().value!);
    }
    return question;
  }

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

  async function gradeJob(queued: PgBoss.JobWithMetadata<GradeQueueJobData>): Promise<{ verdict: string } | { ok: boolean } | { skipped: string }> {
    if (isValidationJob(queued.data)) return validations!.run({ ...queued, data: queued.data });
    const job = queued as PgBoss.JobWithMetadata<GradeJobData>;
    const submissionId = job.data.submissionId;
    const pickedUpAt = performance.now();
    const claim = await claimSubmission(db, submissionId, id);
    const claimedAt = performance.now();
    const jobLog = events.child({ submissionId, jobId: job.id });
    if (!claim) {
      jobLog.info({ event: "job.skipped", reason: "already final" }, "job skipped: submission already final");
      return { skipped: "already final" };
    }
    const attempt = claim.attempt;
    active.set(submissionId, attempt);
    const t0 = performance.now();
    let progress: ProgressWriter<GradedTestInput> | undefined;
    jobLog.info(
      { event: "job.claimed", attempt, retryCount: job.retryCount, language: claim.language, mode: claim.mode, queuedMs: job.createdOn ? Math.max(0, Date.now() - new Date(job.createdOn).getTime()) : undefined },
      "job claimed",
    );
    try {
      const question = await loadQuestion(claim.questionId, claim.currentQuestionVersion);
      const questionAt = performance.now();
      if (!question) {
        await failSubmission(db, submissionId, "The question was deleted or is no longer a coding question.");
        jobLog.warn({ event: "job.failed", attempt, reason: "question gone" }, "question deleted or not a coding question: IE");
        return { skipped: "question gone" };
      }
      progress = new ProgressWriter<GradedTestInput>({
        intervalMs: config.progressIntervalMs,
        write: (tests) => (tests.length === 1 ? recordTestResult(db, submissionId, attempt, tests[0]!) : recordTestResults(db, submissionId, attempt, tests)),
      });
      const graded = await withTimeout(
        gradeSubmission({
          question,
          language: claim.language,
          code: claim.code,
          mode: claim.mode,
          customArgs: claim.customArgs,
          engine: gradingEngine,
          references,
          onTest: (test) => progress!.add(test),
        }),
        config.jobTimeoutMs,
        `grading took longer than ${config.jobTimeoutMs} ms (attempt ${attempt})`,
      );
      const gradedAt = performance.now();
      await progress.close();
      const progressWaitMs = performance.now() - gradedAt;
      if (graded.verdict === "IE") throw new Error(`internal error while grading: ${graded.internalError}`);
      const finishStarted = performance.now();
      const written = await finishSubmission(db, submissionId, attempt, {
        verdict: graded.verdict,
        score: graded.score,
        error: graded.compileError,
        tests: graded.tests,
      });
      const storedAt = performance.now();
      options.trace?.({
        submissionId,
        pickedUpAt,
        claimMs: claimedAt - pickedUpAt,
        questionMs: questionAt - claimedAt,
        referenceMs: graded.timing.referenceMs,
        boxStartMs: graded.timing.boxStartMs,
        sandboxMs: graded.timing.sandboxMs,
        progressWaitMs: progressWaitMs + graded.timing.onTestWaitMs,
        progressWrites: progress.writes,
        finishMs: storedAt - finishStarted,
        storedAt,
      });
      // Every Submit puts the task on the candidate's review schedule (ADR 0604). Best effort: the verdict is already
      // stored, and a failed card write must not send a graded submission back for a retry.
      if (written && claim.mode === "submit") {
        await scheduleReviewAfterSubmit(db, { userId: claim.userId, questionId: claim.questionId, verdict: graded.verdict }).catch((error) =>
          jobLog.warn({ event: "review.schedule_failed", error: (error as Error).message }, "could not schedule the review card"),
        );
      }
      const stageMs = { input: 0, forward: 0, post: 0 };
      for (const t of graded.tests) {
        stageMs.input += t.inputMs;
        stageMs.forward += t.forwardMs;
        stageMs.post += t.postMs;
      }
      jobLog.info(
        {
          event: "job.graded",
          attempt,
          language: claim.language,
          mode: claim.mode,
          verdict: graded.verdict,
          score: graded.score,
          tests: graded.tests.length,
          durationMs: Math.round(performance.now() - t0),
          stageMs: { input: Math.round(stageMs.input), forward: Math.round(stageMs.forward), post: Math.round(stageMs.post) },
          written,
        },
        written ? "graded" : "graded, but the attempt was superseded: not written",
      );
      return { verdict: graded.verdict };
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const retriesLeft = job.retryLimit - job.retryCount;
      jobLog[retriesLeft > 0 ? "warn" : "error"](
        {
          event: retriesLeft > 0 ? "job.retry" : "job.failed",
          attempt,
          retryCount: job.retryCount,
          retryLimit: job.retryLimit,
          durationMs: Math.round(performance.now() - t0),
          error: message.split("\n")[0],
          stuck: error instanceof StuckAttemptError,
        },
        retriesLeft > 0 ? "attempt failed; released for retry" : "last attempt failed",
      );
      await releaseForRetry(db, submissionId, attempt, `attempt ${attempt}: ${message.split("\n")[0]}`).catch(() => {});
      throw error;
    } finally {
      void progress?.close(); // a failed attempt stops writing progress (its late writes would be fenced out anyway)
      active.delete(submissionId);
    }
  }

  const workerIds: string[] = [];
  for (let i = 0; i < config.concurrency; i++) {
    // A slot that just finished a job fetches the next one at once: pg-boss would otherwise sleep out the rest of
    // its polling interval after a job shorter than it (a burst drained at one job per slot per 0.5 s, ADR 0704).
    // An empty fetch leaves the flag unset, so an idle slot still waits for a wake-up or the poll.
    let slotId: string | undefined;
    slotId = await boss.work<GradeJobData>(
      GRADE_QUEUE,
      { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: config.pollingIntervalSeconds },
      async ([job]) => {
        try {
          return await gradeJob(job);
        } finally {
          if (slotId) boss.notifyWorker(slotId);
        }
      },
    );
    workerIds.push(slotId);
  }
  await boss.work<GradeQueueJobData>(DEAD_LETTER_QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([queued]) => {
    if (isValidationJob(queued.data)) return validations!.failFinal(queued.data.validationId, config.retryLimit + 1);
    const job = queued as PgBoss.Job<GradeJobData>;
    const final = await failSubmission(db, job.data.submissionId, `Internal error: grading failed ${config.retryLimit + 1} times; this is not a problem with your code.`);
    if (final) events.error({ event: "job.failed", submissionId: job.data.submissionId, verdict: "IE", attempts: config.retryLimit + 1 }, "retries exhausted: IE");
  });
  // A crashed worker's attempt is retried as soon as its submission misses heartbeats, not only after expireIn.
  const staleSeconds = Math.max(3, Math.ceil(config.heartbeatSeconds * 6));
  let sweeping = false;
  const sweep = setInterval(async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const stalled = [
        ...(await findStalledGradeJobs(db, { schema: QUEUE_SCHEMA, queue: GRADE_QUEUE, staleSeconds })),
        ...(await findStalledValidationJobs(db, { schema: QUEUE_SCHEMA, queue: GRADE_QUEUE, staleSeconds })),
      ];
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
  const wakeSlots = () => workerIds.forEach((w) => boss.notifyWorker(w));
  const stopWaking = onLocalEnqueue(wakeSlots);
  // Jobs queued by other processes and machines wake this worker at once (LISTEN/NOTIFY); polling is the fallback.
  const wakeChannel = await listenForGradeJobs(config.databaseUrl, wakeSlots, log).catch((error) => {
    log(`wake-up channel unavailable, polling every ${config.pollingIntervalSeconds} s: ${(error as Error).message}`);
    return undefined;
  });
  // The slots made their first fetch before LISTEN was up: a job queued in between was not heard. Fetch once more.
  if (wakeChannel) wakeSlots();
  log(`grading with ${config.concurrency} slot(s) (${status.sandbox ?? "sandbox"}; job timeout ${config.jobTimeoutMs} ms, ${config.retryLimit} retries)`);

  let stopping: Promise<void> | undefined;
  return {
    id,
    status: () => status,
    stop: (stopOptions = {}) =>
      (stopping ??= (async () => {
        const graceMs = stopOptions.timeoutMs ?? stopTimeoutMs;
        const inFlight = active.size;
        events.info({ event: "worker.stopping", inFlight, graceMs }, "stopping: no new jobs; waiting for running gradings");
        const t0 = performance.now();
        stopWaking();
        await wakeChannel?.close();
        clearInterval(sweep);
        // pg-boss stops fetching at once, waits up to the grace for running handlers, then fails the jobs still
        // active so they are retried. Heartbeats go on meanwhile: other workers must not think the gradings dead.
        await boss.stop({ graceful: true, wait: true, timeout: graceMs }).catch((error) => log(`queue stop failed: ${(error as Error).message}`));
        clearInterval(heartbeat);
        // Still running past the grace: give the rows back (queued) so the retry, here or on another worker, can
        // claim them; the late attempt's own writes are fenced out by the attempt number and fail on the closed pool.
        await validations?.releaseActive("the worker stopped before the validation finished");
        const unfinished = [...active];
        for (const [submissionId, attempt] of unfinished) {
          await releaseForRetry(db, submissionId, attempt, `attempt ${attempt}: the worker stopped before grading finished`).catch(() => {});
          events.warn({ event: "job.released", submissionId, attempt, reason: "worker stopping" }, "released for retry: the worker stopped");
        }
        await markWorkerStopped(db, id).catch(() => {});
        await db.$disconnect();
        await closeDefaultBoxPool().catch(() => {});
        await releaseHost?.().catch(() => {});
        events.info(
          { event: "worker.stopped", inFlight, finished: inFlight - unfinished.length, released: unfinished.length, durationMs: Math.round(performance.now() - t0) },
          "stopped",
        );
      })()),
  };
}
