/**
 * What a submission looks like outside lib/db. Unless the viewer is an admin, a hidden test keeps only its verdict
 * and, when it failed, a redacted failure summary (error type, scrubbed message, the candidate's line:
 * ./hidden-failure.ts). Everything a submission could use to smuggle the hidden input out is withheld: name, stdout,
 * stderr, diff, error text, and every counter (stage timings, wall time, engine calls, tokens, memory) and the
 * reference's timings on that test — those fields are zero/null and `redacted` is true (docs/adr/0610).
 */
import type { Prisma } from "../generated/prisma/client";
import { hiddenFailure, type HiddenFailure } from "./hidden-failure";

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
  /** A hidden test seen by a non-admin: only ordinal, verdict and `failure` carry information. */
  redacted: boolean;
  /** Redacted tests only: what the failure may show. */
  failure: HiddenFailure | null;
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
      if (redact) {
        return {
          ordinal: r.ordinal,
          name: null,
          verdict: r.verdict,
          hidden: true,
          redacted: true,
          failure: hiddenFailure({ verdict: r.verdict, error: r.error, code: row.code, language: row.language }),
          inputMs: 0,
          forwardMs: 0,
          postMs: 0,
          wallMs: 0,
          engineCalls: 0,
          tokens: 0,
          memoryKb: null,
          refInputMs: null,
          refForwardMs: null,
          refPostMs: null,
          generation: null,
          refGeneration: null,
          stdout: "",
          stderr: "",
          error: null,
          diff: null,
        };
      }
      return {
        ordinal: r.ordinal,
        name: r.name,
        verdict: r.verdict,
        hidden: r.hidden,
        redacted: false,
        failure: null,
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
        stdout: r.stdout,
        stderr: r.stderr,
        error: r.error,
        diff: r.diff,
      };
    }),
  };
}
