/**
 * The worker's side of a reference-validation job (the second job kind of the grading queue, queue.ts): claim the
 * request (attempt n) → answer from the shared cache of passing reports, or run the references in this worker's
 * sandbox → write the result once, fenced by n. Failures on our side release the request and fail the pg-boss job,
 * so it is retried like a submission; after the last retry the dead-letter handler makes it `failed`.
 *
 * @example
 *   const validations = createValidationJobs({ db, workerId, engine, jobTimeoutMs: 60_000, logger });
 *   await validations.run(job);      // from the queue handler, for jobs where isValidationJob(job.data)
 *   validations.touchActive();       // from the heartbeat
 */
import type PgBoss from "pg-boss";
import type { CodingSpec } from "@/lib/bank/schema";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import {
  claimValidationRequest,
  failValidationRequest,
  finishValidationRequest,
  readPassingReport,
  releaseValidationRequest,
  touchValidationRequest,
  writePassingReport,
} from "@/lib/db/submissions/reference-validation-store";
import type { Logger } from "@/lib/observability/log";
import { isAppError } from "@/lib/errors";
import { modelsFingerprint } from "../models-hash";
import { fillExpectedOutputs, validateReferences } from "../reference-validation";
import type { EngineLike } from "../types";
import type { FillExpectedResult, ValidationReport } from "../validation-report";
import type { ValidationJobData } from "./queue";

export interface ValidationJobs {
  run(job: PgBoss.JobWithMetadata<ValidationJobData>): Promise<{ ok: boolean } | { skipped: string }>;
  /** Retries exhausted (dead-letter queue): the admin sees this message instead of waiting. */
  failFinal(validationId: string, attempts: number): Promise<void>;
  /** Heartbeat of the requests this worker runs (the stalled-job sweep retries those of dead workers). */
  touchActive(): void;
  /** On stop: running requests go back to the queue for another worker. */
  releaseActive(reason: string): Promise<void>;
}

export function createValidationJobs(options: {
  db: PrismaClient;
  workerId: string;
  engine: EngineLike;
  jobTimeoutMs: number;
  logger: Logger;
  withTimeout: <T>(work: Promise<T>, ms: number, message: string) => Promise<T>;
}): ValidationJobs {
  const { db, workerId, engine, logger } = options;
  const active = new Map<string, number>(); // validationId → attempt

  async function runClaimed(kind: "validate" | "fill-expected", spec: CodingSpec, specHash: string): Promise<ValidationReport | FillExpectedResult> {
    if (kind === "fill-expected") {
      try {
        const { spec: filledSpec, filled, report } = await fillExpectedOutputs(spec, engine);
        return { ok: true, spec: filledSpec, filled, report };
      } catch (error) {
        if (isAppError(error)) throw error; // no sandbox here: ours, retried
        return { ok: false, message: (error as Error).message };
      }
    }
    const models = modelsFingerprint();
    const cached = await readPassingReport<ValidationReport>(db, specHash, models);
    if (cached) return cached;
    const report = await validateReferences(spec, engine);
    if (report.ok) await writePassingReport(db, specHash, models, report);
    return report;
  }

  return {
    async run(job) {
      const validationId = job.data.validationId;
      const log = logger.child({ validationId, jobId: job.id });
      const claim = await claimValidationRequest<CodingSpec>(db, validationId, workerId);
      if (!claim) {
        log.info({ event: "validation.skipped", reason: "already final" }, "validation job skipped: request already final");
        return { skipped: "already final" };
      }
      const { attempt } = claim;
      active.set(validationId, attempt);
      const t0 = performance.now();
      log.info({ event: "validation.claimed", attempt, kind: claim.kind, retryCount: job.retryCount }, "validation job claimed");
      try {
        const result = await options.withTimeout(
          runClaimed(claim.kind, claim.spec, claim.specHash),
          options.jobTimeoutMs,
          `reference validation took longer than ${options.jobTimeoutMs} ms (attempt ${attempt})`,
        );
        const written = await finishValidationRequest(db, validationId, attempt, result);
        log.info(
          { event: "validation.done", attempt, kind: claim.kind, ok: result.ok, durationMs: Math.round(performance.now() - t0), written },
          written ? "reference validation done" : "reference validation done, but the attempt was superseded: not written",
        );
        return { ok: result.ok };
      } catch (error) {
        const message = ((error as Error).message ?? String(error)).split("\n")[0];
        const retriesLeft = job.retryLimit - job.retryCount;
        log[retriesLeft > 0 ? "warn" : "error"](
          { event: retriesLeft > 0 ? "validation.retry" : "validation.failed", attempt, retryCount: job.retryCount, error: message },
          retriesLeft > 0 ? "validation attempt failed; released for retry" : "last validation attempt failed",
        );
        await releaseValidationRequest(db, validationId, attempt, `attempt ${attempt}: ${message}`).catch(() => {});
        throw error;
      } finally {
        active.delete(validationId);
      }
    },
    async failFinal(validationId, attempts) {
      const final = await failValidationRequest(db, validationId, `The grader could not run the reference solutions (${attempts} attempts failed on our side). Try again later.`);
      if (final) logger.error({ event: "validation.failed", validationId, attempts }, "reference validation: retries exhausted");
    },
    touchActive() {
      for (const [validationId, attempt] of active) void touchValidationRequest(db, validationId, attempt).catch(() => {});
    },
    async releaseActive(reason) {
      for (const [validationId, attempt] of [...active]) {
        await releaseValidationRequest(db, validationId, attempt, `attempt ${attempt}: ${reason}`).catch(() => {});
      }
    },
  };
}
