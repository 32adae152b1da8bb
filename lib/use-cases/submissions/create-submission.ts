import "server-only";
/**
 * Run or Submit: validate the request, store a Submission (status queued) and put it on the grading queue in the
 * same transaction, so a submission is never stored without its job (or enqueued without its row).
 *
 * Checks, in order: signed in (UNAUTHORIZED) → body shape (INVALID_INPUT with field messages) → the question
 * exists, is a coding question and is published, or the actor is an admin (NOT_FOUND) → custom input matches the
 * question's parameters (INVALID_INPUT) → a grader can take it: when live grader workers exist but none of them grades
 * this language (their start-up self-test failed), GraderUnavailableError (503 + Retry-After; nothing is stored). With
 * no live worker at all the submission is accepted and waits: workers may run elsewhere and be restarting
 * (docs/adr/1103-submissions-without-a-grader.md) → per-user rate limit, counted from the user's own Submission rows
 * under a per-user advisory lock (RATE_LIMITED; nothing a client sends can reset it, and restarts do not either).
 *
 * @example
 *   const { id } = await createSubmission({ actor, input: { questionSlug: "semantic-vector", language: "python",
 *     code, mode: "run", customArgs: ["我喜欢吃饭"] } });
 */
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { LANGUAGES } from "@/lib/bank/schema";
import { enqueueSubmission, getQueue, wakeLocalWorkers, type SqlExecutor } from "@/lib/grader/pipeline/queue";
import { graderAvailability, graderRefusalMessage, GRADER_RETRY_AFTER_SECONDS } from "@/lib/grader/pipeline/status";
import type { Prisma } from "@/lib/db/generated/prisma/client";
import { prisma } from "@/lib/db/client";
import { AppError, fieldErrorsFromIssues } from "@/lib/errors";
import { postgresRejects } from "@/lib/db/postgres-text";
import { loadConfig } from "@/lib/config/config";

export const MAX_CODE_BYTES = 64 * 1024;
export const MAX_CUSTOM_ARGS_BYTES = 16 * 1024;
export const RATE_LIMIT_WINDOW_SECONDS = 60;

/** Submissions (Run and Submit together) a user may create per minute (CLOCKWISE_SUBMISSION_RATE_LIMIT, default 10). */
export function submissionRateLimit(): number {
  return loadConfig().submissions.rateLimit;
}

/**
 * Fair grading (ADR 0909): a user's k-th unfinished submission (queued or running) is enqueued with priority −k, and
 * workers take higher priorities first, so one account's backlog never sits in front of another account's first
 * submission — the queue interleaves users round-robin. CLOCKWISE_FAIR_GRADING=false turns it off (for measuring).
 *
 * @example
 *   gradingPriority(0) // 0: nothing of this user in the queue
 *   gradingPriority(4) // -4: behind everyone with fewer unfinished submissions
 *   gradingPriority(4, { fairGrading: false }) // 0
 */
export function gradingPriority(unfinished: number, { fairGrading }: { fairGrading: boolean } = loadConfig().submissions): number {
  if (!fairGrading) return 0;
  const k = Math.max(0, Math.floor(unfinished));
  return k === 0 ? 0 : -k;
}

export const SubmissionInputSchema = z
  .object({
    questionSlug: z.string({ message: "is required" }).trim().min(1, "is required").max(80, "is too long").refine((slug) => !postgresRejects(slug), "is not a question"),
    language: z.enum(LANGUAGES, { message: `must be one of ${LANGUAGES.join(", ")}` }),
    code: z
      .string({ message: "is required" })
      .refine((code) => code.trim().length > 0, "is empty")
      .refine((code) => !postgresRejects(code), "must not contain NUL characters")
      .refine((code) => Buffer.byteLength(code, "utf8") <= MAX_CODE_BYTES, `must be at most ${MAX_CODE_BYTES / 1024} KB`),
    mode: z.enum(["run", "submit"], { message: "must be run or submit" }),
    customArgs: z.array(z.unknown(), { message: "must be a list of arguments" }).max(16, "has too many arguments").optional(),
  })
  .superRefine((input, ctx) => {
    if (input.customArgs === undefined) return;
    if (input.mode !== "run") ctx.addIssue({ code: "custom", path: ["customArgs"], message: "only a Run takes custom input" });
    let size: number;
    try {
      size = Buffer.byteLength(JSON.stringify(input.customArgs) ?? "", "utf8");
    } catch {
      size = Infinity;
    }
    if (postgresRejects(input.customArgs)) ctx.addIssue({ code: "custom", path: ["customArgs"], message: "must not contain NUL characters or unpaired surrogates" });
    if (size > MAX_CUSTOM_ARGS_BYTES) ctx.addIssue({ code: "custom", path: ["customArgs"], message: `must be at most ${MAX_CUSTOM_ARGS_BYTES / 1024} KB of JSON` });
  });
export type SubmissionInput = z.input<typeof SubmissionInputSchema>;

/**
 * Live grader workers exist but none can grade the submission's language, so it was not stored: UNAVAILABLE (503,
 * `retryAfterSeconds` as the Retry-After header). Its body keeps the code clients know, GRADER_UNAVAILABLE (ADR 1103).
 */
export class GraderUnavailableError extends AppError {
  override name = "GraderUnavailableError";

  /** `reason`: the workers' own account (for the log, never sent to the browser). */
  constructor(readonly language: (typeof LANGUAGES)[number], readonly reason: string) {
    super("UNAVAILABLE", graderRefusalMessage(language), undefined, { retryAfterSeconds: GRADER_RETRY_AFTER_SECONDS });
  }

  override toJSON(): { error: "GRADER_UNAVAILABLE"; message: string; retryAfterSeconds: number } {
    return { error: "GRADER_UNAVAILABLE", message: this.message, retryAfterSeconds: this.retryAfterSeconds! };
  }
}

/** Adapts a Prisma interactive transaction to pg-boss's `db` option (job row written in that transaction). */
function transactionExecutor(tx: Prisma.TransactionClient): SqlExecutor {
  return {
    executeSql: async (text: string, values: unknown[]) => ({
      rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values.map((v) => (v === undefined ? null : v))),
    }),
  };
}

export async function createSubmission({ actor, input }: { actor: Actor; input: unknown }): Promise<{ id: string }> {
  if (!actor) throw new AppError("UNAUTHORIZED", "Sign in first.");
  const parsed = SubmissionInputSchema.safeParse(input);
  if (!parsed.success) {
    const fields = fieldErrorsFromIssues(parsed.error.issues);
    throw new AppError("INVALID_INPUT", `The submission is not valid: ${describeFields(fields)}`, fields);
  }
  const body = parsed.data;

  const question = await prisma.question.findFirst({
    where: { slug: body.questionSlug, deletedAt: null, kind: "coding", ...(actor.role === "admin" ? {} : { status: "published" }) },
    select: { id: true, version: true, codingSpec: { select: { params: true } } },
  });
  if (!question || !question.codingSpec) throw new AppError("NOT_FOUND", "No such coding question.");
  const params = question.codingSpec.params as string[];
  if (body.customArgs && body.customArgs.length !== params.length) {
    const fields = { customArgs: [`expected ${params.length} argument(s) (${params.join(", ")}), got ${body.customArgs.length}`] };
    throw new AppError("INVALID_INPUT", `The submission is not valid: ${describeFields(fields)}`, fields);
  }

  const graders = await graderAvailability(body.language);
  if (graders.state === "none-can-grade") throw new GraderUnavailableError(body.language, graders.reason);

  const limit = submissionRateLimit();
  // Started (schema and queues created on first use) before the transaction, which must stay short.
  await getQueue();
  const id = await prisma.$transaction(async (tx) => {
    // One user's submissions are counted and inserted one at a time; other users are not blocked.
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `clockwise:submissions:${actor.id}`);
    const recent = await tx.submission.count({
      where: { userId: actor.id, createdAt: { gt: new Date(Date.now() - RATE_LIMIT_WINDOW_SECONDS * 1000) } },
    });
    if (recent >= limit) {
      throw new AppError("RATE_LIMITED", `Too many submissions: at most ${limit} per minute. Try again in a minute.`, undefined, { retryAfterSeconds: RATE_LIMIT_WINDOW_SECONDS });
    }
    const row = await tx.submission.create({
      data: {
        userId: actor.id,
        questionId: question.id,
        questionVersion: question.version,
        language: body.language,
        code: body.code,
        mode: body.mode,
        ...(body.customArgs ? { customArgs: body.customArgs as Prisma.InputJsonValue } : {}),
      },
      select: { id: true },
    });
    const unfinished = await tx.submission.count({ where: { userId: actor.id, status: { in: ["queued", "running"] }, id: { not: row.id } } });
    await enqueueSubmission(row.id, { db: transactionExecutor(tx), priority: gradingPriority(unfinished) });
    return row.id;
  });
  wakeLocalWorkers();
  return { id };
}

function describeFields(fields: Record<string, string[]>): string {
  return Object.entries(fields)
    .map(([field, messages]) => `${field} ${messages.join(", ")}`)
    .join("; ");
}
