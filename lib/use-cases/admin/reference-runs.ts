import "server-only";
/**
 * Running a question's reference solutions from the web tier without a sandbox: the request is a job on the
 * grading queue (kind "reference-validation", lib/grader/pipeline/validation-job.ts) that a grader worker runs;
 * this side writes the request, enqueues it and polls its row. Passing reports are cached in the database by
 * (spec hash, models hash), so a cache hit needs no worker at all and every process shares it.
 *
 * No grader to run it → AppError UNAVAILABLE at once ("no grader available"), never a wait that cannot end:
 * checked before enqueuing, and again on every poll while the request is still queued (a request nobody took is
 * withdrawn, so a later worker skips it).
 *
 * @example
 *   const report = await validateOnGrader(question.coding, { requestedBy: admin.id }); // ValidationReport
 *   const run = await requestReferenceRun("validate", spec, { requestedBy });          // { id } or { result }
 *   await readReferenceRun(run.id)                                                     // → { state: "running" }
 */
import { randomBytes } from "node:crypto";
import type { CodingSpec } from "@/lib/bank/schema";
import { prisma } from "@/lib/db/client";
import {
  createValidationRequest,
  failValidationRequest,
  readPassingReport,
  readValidationRequest,
  type ValidationKind,
} from "@/lib/db/submissions/reference-validation-store";
import { AppError } from "@/lib/errors";
import { modelsFingerprint } from "@/lib/grader/models-hash";
import { enqueueValidation } from "@/lib/grader/pipeline/queue";
import { graderAvailability, type GraderAvailability } from "@/lib/grader/pipeline/status";
import { specHash, type FillExpectedResult, type ValidationReport } from "@/lib/grader/validation-report";

export type { FillExpectedResult, ReferenceLanguageReport, ReferenceTestReport, ValidationReport } from "@/lib/grader/validation-report";

type ResultOf<K extends ValidationKind> = K extends "validate" ? ValidationReport : FillExpectedResult;

/** Where a request stands; `done` carries the result. Failures are thrown (UNAVAILABLE with the reason). */
export type ReferenceRunState<K extends ValidationKind> = { state: "queued" | "running" } | { state: "done"; result: ResultOf<K> };

/** Seconds an admin should wait before trying again when no grader can take the job. */
export const NO_GRADER_RETRY_AFTER_SECONDS = 30;

function noGrader(availability: Exclude<GraderAvailability, { state: "ready" }>): AppError {
  const message =
    availability.state === "none-online"
      ? "No grader available: no grader worker is running, so the reference solutions cannot be run now (start one with `npm start` or `npm run worker`)."
      : "No grader available: the grader workers that are online failed their start-up self-test, so the reference solutions cannot be run now (see /api/health).";
  return new AppError("UNAVAILABLE", message, undefined, { retryAfterSeconds: NO_GRADER_RETRY_AFTER_SECONDS });
}

async function assertGraderAvailable(): Promise<void> {
  // Reference solutions come in every language; a worker that passed its self-test grades all of them.
  const availability = await graderAvailability("python");
  if (availability.state !== "ready") throw noGrader(availability);
}

/** The models' hash of this host, or null when its models cannot be read (then only a worker can answer). */
function localModelsHash(): string | null {
  try {
    return modelsFingerprint();
  } catch {
    return null;
  }
}

/** A passing report already stored by any process for this spec and these models; null on a miss. */
export async function cachedPassingReport(spec: CodingSpec): Promise<ValidationReport | null> {
  const models = localModelsHash();
  return models ? readPassingReport<ValidationReport>(prisma, specHash(spec), models) : null;
}

/**
 * Writes the request and puts it on the queue; a cached passing report answers "validate" at once.
 * Throws UNAVAILABLE when no grader could take it.
 */
export async function requestReferenceRun<K extends ValidationKind>(
  kind: K,
  spec: CodingSpec,
  options: { requestedBy?: string } = {},
): Promise<{ id: string } | { result: ResultOf<K> }> {
  if (kind === "validate") {
    const cached = await cachedPassingReport(spec);
    if (cached) return { result: cached as ResultOf<K> };
  }
  await assertGraderAvailable();
  const id = `rv_${randomBytes(12).toString("hex")}`;
  await createValidationRequest(prisma, { id, kind, spec, specHash: specHash(spec), requestedBy: options.requestedBy });
  await enqueueValidation(id);
  return { id };
}

/**
 * One look at request `id`. A request still queued while no grader can take it is withdrawn and reported as
 * UNAVAILABLE; one that failed on the grader's side (retries exhausted) as UNAVAILABLE with its reason.
 */
export async function readReferenceRun<K extends ValidationKind>(id: string): Promise<ReferenceRunState<K>> {
  const row = await readValidationRequest<ResultOf<K>>(prisma, id);
  if (!row) throw new AppError("NOT_FOUND", "No such validation request.");
  if (row.status === "done") return { state: "done", result: row.result! };
  if (row.status === "failed") throw new AppError("UNAVAILABLE", row.error ?? "The grader could not run the reference solutions.", undefined, { retryAfterSeconds: NO_GRADER_RETRY_AFTER_SECONDS });
  const availability = await graderAvailability("python");
  if (availability.state !== "ready") {
    // Queued with nobody to take it: withdraw it (a worker that starts later skips it) and say so. Running: its
    // worker died; the queue retries it when a worker is back, but the admin is told now instead of waiting.
    if (row.status === "queued") await failValidationRequest(prisma, id, noGrader(availability).message, { onlyIfQueued: true });
    throw noGrader(availability);
  }
  return { state: row.status };
}

/** Polls `id` until it is done (every `pollMs`, 200 by default); throws as readReferenceRun does. */
export async function awaitReferenceRun<K extends ValidationKind>(id: string, options: { pollMs?: number; signal?: AbortSignal } = {}): Promise<ResultOf<K>> {
  for (;;) {
    const seen = await readReferenceRun<K>(id);
    if (seen.state === "done") return seen.result;
    if (options.signal?.aborted) throw new AppError("UNAVAILABLE", "Stopped waiting for the grader.", undefined, { retryAfterSeconds: NO_GRADER_RETRY_AFTER_SECONDS });
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
}

/** Requests a run and waits for its result (the publish check, and the editor's buttons). */
export async function runReferencesOnGrader<K extends ValidationKind>(kind: K, spec: CodingSpec, options: { requestedBy?: string } = {}): Promise<ResultOf<K>> {
  const requested = await requestReferenceRun(kind, spec, options);
  return "result" in requested ? requested.result : awaitReferenceRun<K>(requested.id);
}

/** validateReferences, run on a grader worker (or answered from the shared cache of passing reports). */
export function validateOnGrader(spec: CodingSpec, options: { requestedBy?: string } = {}): Promise<ValidationReport> {
  return runReferencesOnGrader("validate", spec, options);
}
