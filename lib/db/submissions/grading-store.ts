/**
 * The worker's side of a Submission row: claim it for one attempt, store each test's result as it finishes,
 * write the final verdict once. Every write after the claim is fenced by the attempt number: a worker whose
 * attempt was superseded (it was presumed dead and the job retried elsewhere) can no longer write anything.
 *
 *   claimSubmission      queued|running → running, attempts+1 (one statement, with the NOTIFY and the question's
 *                        current version); clears rows a dead attempt left behind
 *   recordTestResults    finished TestResults (+ visible test I/O) while the attempt still owns the row (live progress,
 *                        one statement per batch)
 *   finishSubmission     the verdict, in one transaction with every TestResult row (unique submissionId+ordinal)
 *   releaseForRetry      the attempt failed on our side: back to queued with a note, pg-boss retries
 *   failSubmission       retries exhausted: verdict IE, status failed, with the reason
 *
 * No `import "server-only"`: used by the standalone worker. No actor: only the grader calls these.
 *
 * @example
 *   const claim = await claimSubmission(prisma, id, workerId);  // null when already final
 *   await finishSubmission(prisma, id, claim.attempt, { verdict: "AC", score: 1, error: null, tests });
 */
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { questionWithEverything, rowToQuestion } from "../questions/question-record";
import { randomUUID } from "node:crypto";
import { NOTIFY_SUBMISSION_CHANGED_SQL, SUBMISSION_CHANNEL } from "./submission-changes";

export type StoredVerdict = "AC" | "WA" | "TLE" | "MLE" | "OLE" | "RE" | "CE" | "IE";

export interface ClaimedSubmission {
  attempt: number;
  id: string;
  userId: string;
  questionId: string;
  questionVersion: number;
  /** The question's version now (null: deleted), read by the claim: the worker's cached copy is valid while equal. */
  currentQuestionVersion: number | null;
  language: "python" | "javascript" | "typescript";
  code: string;
  mode: "run" | "submit";
  customArgs: unknown[] | null;
}

/** One test's stored result. `io` is kept only for visible tests (hidden tests never store their data twice). */
export interface TestResultInput {
  ordinal: number;
  name: string | null;
  verdict: StoredVerdict;
  hidden: boolean;
  inputMs: number;
  forwardMs: number;
  postMs: number;
  wallMs: number;
  engineCalls: number;
  tokens: number;
  memoryKb: number | null;
  stdout: string;
  stderr: string;
  error: string | null;
  diff: string | null;
  ref: { inputMs: number; forwardMs: number; postMs: number } | null;
  /** Decoder tests: bounded summaries of the decode loop and of the reference's (lib/grader/generation-timing.ts). */
  generation?: object | null;
  refGeneration?: object | null;
  io: { args: unknown; expected: unknown; got: unknown } | null;
}

const OPEN: Prisma.SubmissionWhereInput["status"] = { in: ["queued", "running"] };

/**
 * The claim (ADR 0704): one round trip — the fenced UPDATE, the stream's NOTIFY (delivered on commit) and the
 * question's current version (the worker's cached copy is reused while it matches; null: deleted) in one statement.
 * $1 id, $2 worker id. Times are UTC in `timestamp(3)` columns, as Prisma writes them.
 */
const CLAIM_SQL = `
WITH claimed AS (
  UPDATE "Submission" SET status = 'running', attempts = attempts + 1, "workerId" = $2,
         "heartbeatAt" = (now() AT TIME ZONE 'UTC'), "startedAt" = (now() AT TIME ZONE 'UTC')
   WHERE id = $1 AND status IN ('queued', 'running')
  RETURNING id, "userId", "questionId", "questionVersion", language::text AS language, code, mode::text AS mode, "customArgs", attempts
), notified AS (
  SELECT pg_notify('${SUBMISSION_CHANNEL}', $1::text) FROM claimed
)
SELECT c.*, (SELECT q.version FROM "Question" q WHERE q.id = c."questionId" AND q."deletedAt" IS NULL) AS "currentQuestionVersion",
       (SELECT count(*) FROM notified)::int AS notified
  FROM claimed c`;

export async function claimSubmission(db: PrismaClient, id: string, workerId: string): Promise<ClaimedSubmission | null> {
  const [row] = await db.$queryRawUnsafe<
    {
      id: string;
      userId: string;
      questionId: string;
      questionVersion: number;
      language: ClaimedSubmission["language"];
      code: string;
      mode: ClaimedSubmission["mode"];
      customArgs: unknown;
      attempts: number;
      currentQuestionVersion: number | null;
    }[]
  >(CLAIM_SQL, id, workerId);
  if (!row) return null;
  if (row.attempts > 1) {
    // A previous attempt died part-way: its rows are not this attempt's results. Its late writes are already fenced
    // out by the attempt number, so the clean-up need not share the claim's transaction; followers are told again
    // once the rows are gone.
    await db.$transaction([
      db.testResult.deleteMany({ where: { submissionId: id } }),
      db.$executeRawUnsafe(`DELETE FROM grader.test_io WHERE submission_id = $1`, id),
      db.$executeRawUnsafe(NOTIFY_SUBMISSION_CHANGED_SQL, id),
    ]);
  }
  const customArgs = typeof row.customArgs === "string" ? (JSON.parse(row.customArgs) as unknown) : row.customArgs;
  return {
    attempt: Number(row.attempts),
    id: row.id,
    userId: row.userId,
    questionId: row.questionId,
    questionVersion: Number(row.questionVersion),
    currentQuestionVersion: row.currentQuestionVersion === null ? null : Number(row.currentQuestionVersion),
    language: row.language,
    code: row.code,
    mode: row.mode,
    customArgs: Array.isArray(customArgs) ? (customArgs as unknown[]) : null,
  };
}

function resultRow(submissionId: string, t: TestResultInput): Prisma.TestResultCreateManyInput {
  return {
    submissionId,
    ordinal: t.ordinal,
    name: t.name,
    verdict: t.verdict,
    hidden: t.hidden,
    inputMs: t.inputMs,
    forwardMs: t.forwardMs,
    postMs: t.postMs,
    wallMs: t.wallMs,
    engineCalls: t.engineCalls,
    tokens: t.tokens,
    memoryKb: t.memoryKb,
    stdout: t.stdout,
    stderr: t.stderr,
    error: t.error,
    diff: t.diff,
    refInputMs: t.ref?.inputMs ?? null,
    refForwardMs: t.ref?.forwardMs ?? null,
    refPostMs: t.ref?.postMs ?? null,
    ...(t.generation ? { generation: t.generation as unknown as Prisma.InputJsonValue } : {}),
    ...(t.refGeneration ? { refGeneration: t.refGeneration as unknown as Prisma.InputJsonValue } : {}),
  };
}

/** Stores one finished test while `attempt` still owns the submission; false when it no longer does. */
export async function recordTestResult(db: PrismaClient, id: string, attempt: number, test: TestResultInput): Promise<boolean> {
  return recordTestResults(db, id, attempt, [test]);
}

/**
 * Stores a batch of finished tests (live progress, ADR 0704) in one transaction while `attempt` still owns the
 * submission; false when it no longer does. Tests already stored are left as they are.
 */
export async function recordTestResults(db: PrismaClient, id: string, attempt: number, tests: TestResultInput[]): Promise<boolean> {
  if (tests.length === 0) return true;
  // One statement (a transaction of six round trips before): under a burst on a loaded machine a grading outlives
  // the progress interval many times, and these batches were most of what the pipeline did besides grading.
  const [row] = await db.$queryRawUnsafe<{ owned: number }[]>(PROGRESS_SQL, id, attempt, JSON.stringify(resultsJson(tests)), JSON.stringify(ioJson(tests)));
  return row?.owned === 1;
}

/** Keeps the claim alive while a long test runs; false when the attempt was superseded. */
export async function touchSubmission(db: PrismaClient, id: string, attempt: number): Promise<boolean> {
  const owned = await db.submission.updateMany({ where: { id, attempts: attempt, status: "running" }, data: { heartbeatAt: new Date() } });
  return owned.count === 1;
}

/** TestResult columns written by the verdict statement, in order (ids are made here: Prisma's cuid default is client-side). */
const RESULT_COLUMNS = `id text, ordinal int, name text, verdict "Verdict", hidden boolean, "inputMs" float8, "forwardMs" float8,
  "postMs" float8, "wallMs" float8, "engineCalls" int, tokens int, "memoryKb" int, stdout text, stderr text, error text,
  diff text, "refInputMs" float8, "refForwardMs" float8, "refPostMs" float8, generation jsonb, "refGeneration" jsonb`;
const RESULT_NAMES = RESULT_COLUMNS.split(",").map((c) => c.trim().split(/\s+/)[0]!);

/**
 * The verdict statement (ADR 0704): one round trip instead of a transaction of seven. The fenced update gates every
 * other part (`EXISTS (SELECT 1 FROM done)`); results and visible I/O are upserted over any progress rows of this
 * attempt and rows of other ordinals removed, so the parts touch disjoint rows; the NOTIFY is delivered on commit.
 * $1 id, $2 attempt, $3 verdict, $4 score, $5 error, $6 results (json), $7 visible I/O (json). Times are UTC in
 * `timestamp(3)` columns, as Prisma writes them, whatever the server's TimeZone setting.
 */
const FINISH_SQL = `
WITH done AS (
  UPDATE "Submission" SET status = 'done', verdict = $3::"Verdict", score = $4, error = $5, "finishedAt" = (now() AT TIME ZONE 'UTC'), "heartbeatAt" = (now() AT TIME ZONE 'UTC')
   WHERE id = $1 AND attempts = $2 AND status IN ('queued', 'running')
  RETURNING id
), results AS (
  SELECT * FROM jsonb_to_recordset($6::jsonb) AS r(${RESULT_COLUMNS})
), stale AS (
  DELETE FROM "TestResult" WHERE "submissionId" = $1 AND EXISTS (SELECT 1 FROM done) AND ordinal <> ALL (ARRAY(SELECT ordinal FROM results))
), saved AS (
  INSERT INTO "TestResult" ("submissionId", ${RESULT_NAMES.join(", ")})
  SELECT $1, ${RESULT_NAMES.map((n) => `r.${n}`).join(", ")} FROM results r WHERE EXISTS (SELECT 1 FROM done)
  ON CONFLICT ("submissionId", ordinal) DO UPDATE SET ${RESULT_NAMES.filter((n) => n !== "id" && n !== "ordinal").map((n) => `${n} = EXCLUDED.${n}`).join(", ")}
), io AS (
  SELECT * FROM jsonb_to_recordset($7::jsonb) AS r(ordinal int, args jsonb, expected jsonb, got jsonb)
), stale_io AS (
  DELETE FROM grader.test_io WHERE submission_id = $1 AND EXISTS (SELECT 1 FROM done) AND ordinal <> ALL (ARRAY(SELECT ordinal FROM io))
), saved_io AS (
  INSERT INTO grader.test_io (submission_id, ordinal, args, expected, got)
  SELECT $1, ordinal, args, expected, got FROM io WHERE EXISTS (SELECT 1 FROM done)
  ON CONFLICT (submission_id, ordinal) DO UPDATE SET args = EXCLUDED.args, expected = EXCLUDED.expected, got = EXCLUDED.got
), notified AS (
  SELECT pg_notify('${SUBMISSION_CHANNEL}', $1::text) FROM done
)
SELECT (SELECT count(*) FROM done)::int AS finished, (SELECT count(*) FROM notified)::int AS notified`;

/**
 * A progress batch (ADR 0704) in one statement: the fenced touch (still this attempt, still running) gates the rest
 * and takes the row lock, so a concurrent claim waits for it; tests already stored are left as they are, visible I/O
 * upserted; the NOTIFY is delivered on commit. $1 id, $2 attempt, $3 results (json), $4 visible I/O (json).
 */
const PROGRESS_SQL = `
WITH owned AS (
  UPDATE "Submission" SET "heartbeatAt" = (now() AT TIME ZONE 'UTC')
   WHERE id = $1 AND attempts = $2 AND status = 'running'
  RETURNING id
), results AS (
  SELECT * FROM jsonb_to_recordset($3::jsonb) AS r(${RESULT_COLUMNS})
), saved AS (
  INSERT INTO "TestResult" ("submissionId", ${RESULT_NAMES.join(", ")})
  SELECT $1, ${RESULT_NAMES.map((n) => `r.${n}`).join(", ")} FROM results r WHERE EXISTS (SELECT 1 FROM owned)
  ON CONFLICT ("submissionId", ordinal) DO NOTHING
), io AS (
  SELECT * FROM jsonb_to_recordset($4::jsonb) AS r(ordinal int, args jsonb, expected jsonb, got jsonb)
), saved_io AS (
  INSERT INTO grader.test_io (submission_id, ordinal, args, expected, got)
  SELECT $1, ordinal, args, expected, got FROM io WHERE EXISTS (SELECT 1 FROM owned)
  ON CONFLICT (submission_id, ordinal) DO UPDATE SET args = EXCLUDED.args, expected = EXCLUDED.expected, got = EXCLUDED.got
), notified AS (
  SELECT pg_notify('${SUBMISSION_CHANNEL}', $1::text) FROM owned
)
SELECT (SELECT count(*) FROM owned)::int AS owned, (SELECT count(*) FROM notified)::int AS notified`;

/** TestResult rows as the statements' JSON parameter (ids made here; keys left out become SQL NULL). */
function resultsJson(tests: TestResultInput[]) {
  return tests.map((t) => {
    const row = resultRow("", t);
    return { ...row, id: randomUUID(), submissionId: undefined, createdAt: undefined };
  });
}

/** Visible tests' I/O as the statements' JSON parameter; an expected value that is JSON null stays JSON null. */
function ioJson(tests: TestResultInput[]) {
  return tests.filter((t) => t.io).map((t) => ({ ordinal: t.ordinal, args: t.io!.args, expected: t.io!.expected, got: t.io!.got }));
}

/**
 * The final verdict, written once: the conditional update (still open, still this attempt) and every TestResult
 * row commit together, in one statement. Returns false, writing nothing, when the submission is already final or
 * superseded.
 */
export async function finishSubmission(
  db: PrismaClient,
  id: string,
  attempt: number,
  outcome: { verdict: StoredVerdict; score: number; error: string | null; tests: TestResultInput[] },
): Promise<boolean> {
  const results = resultsJson(outcome.tests);
  const io = ioJson(outcome.tests);
  const [row] = await db.$queryRawUnsafe<{ finished: number }[]>(
    FINISH_SQL,
    id,
    attempt,
    outcome.verdict,
    outcome.score,
    outcome.error,
    JSON.stringify(results),
    JSON.stringify(io),
  );
  return row?.finished === 1;
}

/** This attempt failed on our side; pg-boss will retry. The note is kept for the final message. */
export async function releaseForRetry(db: PrismaClient, id: string, attempt: number, note: string): Promise<void> {
  await db.submission.updateMany({
    where: { id, attempts: attempt, status: "running" },
    data: { status: "queued", error: note.slice(0, 2000), workerId: null },
  });
}

/**
 * Retries exhausted (or the job cannot be graded at all): verdict IE, status failed. Partial rows of the last
 * attempt are removed, so the stored results never mix attempts. Returns false when already final.
 */
export async function failSubmission(db: PrismaClient, id: string, reason: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const row = await tx.submission.findUnique({ where: { id }, select: { error: true, attempts: true } });
    if (!row) return false;
    const detail = row.error && !reason.includes(row.error) ? `${reason} Last error: ${row.error}` : reason;
    const now = new Date();
    const updated = await tx.submission.updateMany({
      where: { id, status: OPEN },
      data: { status: "failed", verdict: "IE", score: 0, error: detail.slice(0, 2000), finishedAt: now, heartbeatAt: now },
    });
    if (updated.count !== 1) return false;
    await tx.testResult.deleteMany({ where: { submissionId: id } });
    await tx.$executeRawUnsafe(`DELETE FROM grader.test_io WHERE submission_id = $1`, id);
    await tx.$executeRawUnsafe(NOTIFY_SUBMISSION_CHANGED_SQL, id);
    return true;
  });
}

/**
 * The question as the grader needs it (reference solutions and hidden tests included); null when it was deleted
 * or is not a coding question. Same data as lib/db/questions/get-question-for-grading.ts, readable from the
 * standalone worker (that file is server-only) and with the worker's own client.
 */
export async function readGradableQuestion(
  db: PrismaClient,
  questionId: string,
): Promise<{ id: string; slug: string; version: number; coding: NonNullable<ReturnType<typeof rowToQuestion>["coding"]> } | null> {
  const row = await db.question.findFirst({ where: { id: questionId, deletedAt: null }, include: questionWithEverything });
  if (!row) return null;
  const question = rowToQuestion(row);
  if (!question.coding) return null;
  return { id: row.id, slug: row.slug, version: row.version, coding: question.coding };
}

/** The question's current version, or null when it was deleted: one small statement that lets the worker reuse its copy. */
export async function readQuestionVersion(db: PrismaClient, questionId: string): Promise<number | null> {
  const row = await db.question.findFirst({ where: { id: questionId, deletedAt: null }, select: { version: true } });
  return row?.version ?? null;
}

/**
 * Grading jobs whose worker stopped beating: the job is active in pg-boss (schema `schema`) while its Submission
 * has been `running` without a heartbeat for `staleSeconds`. Live workers touch their running submissions every
 * few seconds, so these belong to a crashed (or frozen) worker; failing them lets pg-boss retry now instead of
 * after the job's expireIn. Returns the pg-boss job ids.
 */
export async function findStalledGradeJobs(db: PrismaClient, opts: { schema: string; queue: string; staleSeconds: number }): Promise<string[]> {
  if (!/^[a-z_][a-z0-9_]*$/i.test(opts.schema)) throw new Error("invalid queue schema name");
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT j.id::text AS id FROM ${opts.schema}.job j
       JOIN public."Submission" s ON s.id = j.data->>'submissionId'
      WHERE j.name = $1 AND j.state = 'active' AND s.status = 'running'
        AND s."heartbeatAt" < now() - ($2::int * interval '1 second')`,
    opts.queue,
    Math.max(1, Math.round(opts.staleSeconds)),
  );
  return rows.map((r) => r.id);
}
