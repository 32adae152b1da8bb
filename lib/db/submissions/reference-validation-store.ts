/**
 * Reference-validation jobs (grader.reference_validation) and the shared cache of passing reports
 * (grader.reference_validation_pass). The web tier writes a request row and reads it back; a grader worker claims
 * it, runs the references in its sandbox and writes the result once, fenced by the attempt it claimed — the same
 * rules as a Submission (docs/adr/0701-grading-queue.md).
 *
 * No `import "server-only"`: used by the standalone worker.
 *
 * @example
 *   await createValidationRequest(prisma, { id, kind: "validate", spec, specHash, requestedBy: admin.id });
 *   const claim = await claimValidationRequest(prisma, id, workerId); // → { attempt: 1, kind, spec } | null
 *   await finishValidationRequest(prisma, id, claim.attempt, report);  // → true (false: superseded)
 */
import type { PrismaClient } from "../generated/prisma/client";

export type ValidationKind = "validate" | "fill-expected";
export type ValidationRequestStatus = "queued" | "running" | "done" | "failed";

export interface ValidationRequestRow<Result = unknown> {
  id: string;
  kind: ValidationKind;
  status: ValidationRequestStatus;
  attempts: number;
  result: Result | null;
  error: string | null;
}

type Db = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe">;

export async function createValidationRequest(
  db: Db,
  request: { id: string; kind: ValidationKind; spec: unknown; specHash: string; requestedBy?: string },
): Promise<void> {
  await db.$executeRawUnsafe(
    `INSERT INTO grader.reference_validation (id, kind, spec, spec_hash, requested_by) VALUES ($1, $2, $3::jsonb, $4, $5)`,
    request.id,
    request.kind,
    JSON.stringify(request.spec),
    request.specHash,
    request.requestedBy ?? null,
  );
}

export async function readValidationRequest<Result>(db: Db, id: string): Promise<ValidationRequestRow<Result> | null> {
  const rows = await db.$queryRawUnsafe<ValidationRequestRow<Result>[]>(
    `SELECT id, kind, status, attempts, result, error FROM grader.reference_validation WHERE id = $1`,
    id,
  );
  return rows[0] ?? null;
}

/** Takes the request for a new attempt (queued|running → running, attempts + 1); null when it is already final. */
export async function claimValidationRequest<Spec>(db: Db, id: string, workerId: string): Promise<{ attempt: number; kind: ValidationKind; spec: Spec; specHash: string } | null> {
  const rows = await db.$queryRawUnsafe<{ attempts: number; kind: ValidationKind; spec: Spec; spec_hash: string }[]>(
    `UPDATE grader.reference_validation
        SET status = 'running', attempts = attempts + 1, worker_id = $2, heartbeat_at = now()
      WHERE id = $1 AND status IN ('queued', 'running')
      RETURNING attempts, kind, spec, spec_hash`,
    id,
    workerId,
  );
  return rows[0] ? { attempt: rows[0].attempts, kind: rows[0].kind, spec: rows[0].spec, specHash: rows[0].spec_hash } : null;
}

/** Stores the result of attempt `attempt`; false when a later attempt (or a cancel) superseded it. */
export async function finishValidationRequest(db: Db, id: string, attempt: number, result: unknown): Promise<boolean> {
  const changed = await db.$executeRawUnsafe(
    `UPDATE grader.reference_validation SET status = 'done', result = $3::jsonb, finished_at = now()
      WHERE id = $1 AND attempts = $2 AND status = 'running'`,
    id,
    attempt,
    JSON.stringify(result),
  );
  return changed > 0;
}

/** Gives attempt `attempt` back to the queue (a retry, here or on another worker, claims it again). */
export async function releaseValidationRequest(db: Db, id: string, attempt: number, note: string): Promise<void> {
  await db.$executeRawUnsafe(
    `UPDATE grader.reference_validation SET status = 'queued', error = $3 WHERE id = $1 AND attempts = $2 AND status = 'running'`,
    id,
    attempt,
    note.slice(0, 2000),
  );
}

/**
 * Final failure with a message for the admin: retries exhausted (worker side) or nobody will take it (web side,
 * `onlyIfQueued`: a request a worker already holds is left to it). Returns true when this call made it final.
 */
export async function failValidationRequest(db: Db, id: string, message: string, options: { onlyIfQueued?: boolean } = {}): Promise<boolean> {
  const changed = await db.$executeRawUnsafe(
    `UPDATE grader.reference_validation SET status = 'failed', error = $2, finished_at = now()
      WHERE id = $1 AND status IN (${options.onlyIfQueued ? "'queued'" : "'queued', 'running'"})`,
    id,
    message.slice(0, 2000),
  );
  return changed > 0;
}

export async function touchValidationRequest(db: Db, id: string, attempt: number): Promise<void> {
  await db.$executeRawUnsafe(`UPDATE grader.reference_validation SET heartbeat_at = now() WHERE id = $1 AND attempts = $2 AND status = 'running'`, id, attempt);
}

/** Active queue jobs of requests whose worker stopped beating for `staleSeconds` (its job is failed → retried). */
export async function findStalledValidationJobs(db: Db, opts: { schema: string; queue: string; staleSeconds: number }): Promise<string[]> {
  if (!/^[a-z_][a-z0-9_]*$/i.test(opts.schema)) throw new Error("invalid queue schema name");
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT j.id::text AS id FROM ${opts.schema}.job j
       JOIN grader.reference_validation v ON v.id = j.data->>'validationId'
      WHERE j.name = $1 AND j.state = 'active' AND v.status = 'running'
        AND v.heartbeat_at < now() - ($2::int * interval '1 second')`,
    opts.queue,
    Math.max(1, Math.round(opts.staleSeconds)),
  );
  return rows.map((r) => r.id);
}

/** A passing report for this spec and models, whoever validated it; null on a miss. */
export async function readPassingReport<Report>(db: Db, specHash: string, modelsHash: string): Promise<Report | null> {
  const rows = await db.$queryRawUnsafe<{ report: Report }[]>(
    `SELECT report FROM grader.reference_validation_pass WHERE spec_hash = $1 AND models_hash = $2`,
    specHash,
    modelsHash,
  );
  return rows[0]?.report ?? null;
}

export async function writePassingReport(db: Db, specHash: string, modelsHash: string, report: unknown): Promise<void> {
  await db.$executeRawUnsafe(
    `INSERT INTO grader.reference_validation_pass (spec_hash, models_hash, report) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (spec_hash, models_hash) DO NOTHING`,
    specHash,
    modelsHash,
    JSON.stringify(report),
  );
}
