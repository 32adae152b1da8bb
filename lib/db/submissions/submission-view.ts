/**
 * What a submission looks like outside lib/db. Hidden tests keep their verdict and stage timings but lose
 * everything that could reveal their input or expected output (stdout, stderr, diff, error text) unless the
 * viewer is an admin.
 */
import type { Prisma } from "../generated/prisma/client";

export const submissionWithResults = {
  question: { select: { slug: true } },
  results: { orderBy: { ordinal: "asc" } },
} satisfies Prisma.SubmissionInclude;

type SubmissionRow = Prisma.SubmissionGetPayload<{ include: typeof submissionWithResults }>;

export interface TestResultView {
  ordinal: number;
  name: string | null;
  verdict: string;
  hidden: boolean;
  inputMs: number;
  forwardMs: number;
  postMs: number;
  wallMs: number;
  engineCalls: number;
  tokens: number;
  memoryKb: number | null;
  refInputMs: number | null;
  refForwardMs: number | null;
  refPostMs: number | null;
  /** Decoder tests: the stored decode-loop summaries (jsonb), as written by the grader. */
  generation: unknown;
  refGeneration: unknown;
  stdout: string;
  stderr: string;
  error: string | null;
  diff: string | null;
}

export interface SubmissionView {
  id: string;
  userId: string;
  questionSlug: string;
  questionVersion: number;
  language: string;
  code: string;
  mode: "run" | "submit";
  customArgs: unknown;
  status: "queued" | "running" | "done" | "failed";
  verdict: string | null;
  score: number | null;
  attempts: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  results: TestResultView[];
}

export function toSubmissionView(row: SubmissionRow, viewerIsAdmin: boolean): SubmissionView {
  return {
    id: row.id,
    userId: row.userId,
    questionSlug: row.question.slug,
    questionVersion: row.questionVersion,
    language: row.language,
    code: row.code,
    mode: row.mode,
    customArgs: row.customArgs,
    status: row.status,
    verdict: row.verdict,
    score: row.score,
    attempts: row.attempts,
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    results: row.results.map((r) => {
      const redact = r.hidden && !viewerIsAdmin;
      return {
        ordinal: r.ordinal,
        name: redact ? null : r.name,
        verdict: r.verdict,
        hidden: r.hidden,
        inputMs: r.inputMs,
        forwardMs: r.forwardMs,
        postMs: r.postMs,
        wallMs: r.wallMs,
        engineCalls: r.engineCalls,
        tokens: r.tokens,
        memoryKb: r.memoryKb,
        refInputMs: r.refInputMs,
        refForwardMs: r.refForwardMs,
        refPostMs: r.refPostMs,
        generation: r.generation ?? null,
        refGeneration: r.refGeneration ?? null,
        stdout: redact ? "" : r.stdout,
        stderr: redact ? "" : r.stderr,
        error: redact ? null : r.error,
        diff: redact ? null : r.diff,
      };
    }),
  };
}
