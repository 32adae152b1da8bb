/**
 * The submission HTTP API (POST /api/submissions, GET /api/submissions/:id and its SSE stream): the one definition
 * the server builds (lib/use-cases/submissions/get-submission-for-api.ts) and the browser renders (app/components), so a
 * contract change is a type error on both sides. Types only (plus two constants): safe in client bundles.
 */
import type { GenerationTiming } from "./types";

export type SubmissionLanguage = "python" | "javascript" | "typescript";
export type SubmissionMode = "run" | "submit";
export type SubmissionStatus = "queued" | "running" | "done" | "failed";
export type Verdict = "AC" | "WA" | "TLE" | "MLE" | "OLE" | "RE" | "CE" | "IE";

export const SUBMISSION_LANGUAGES: readonly SubmissionLanguage[] = ["python", "javascript", "typescript"];

/** Host-clock stage timings of one test, in milliseconds. */
export interface StageTimings {
  inputMs: number;
  forwardMs: number;
  postMs: number;
}

/** A decoder test's decode loop as the API returns it: the grader's bounded record (host clock, ≤ 64 sampled steps). */
export type GenerationView = GenerationTiming;

export interface TestResultView {
  ordinal: number;
  verdict: Verdict;
  hidden: boolean;
  stages: StageTimings;
  /** The reference solution's timings for the same test, when the grader measured them. */
  ref: StageTimings | null;
  /** Decoder tests: the decode loop, and the reference's on the same test (absent/null otherwise). */
  generation?: GenerationView | null;
  refGeneration?: GenerationView | null;
  wallMs: number;
  engineCalls: number;
  tokens: number;
  stdout: string;
  stderr: string;
  error: string | null;
  diff: string | null;
  /** Only for visible tests. */
  args?: unknown[];
  expected?: unknown;
  got?: unknown;
}

/**
 * What a hidden test shows a candidate (docs/adr/0610-hidden-test-results.md): its verdict and, when it failed, the
 * error type, a scrubbed one-line message and the line of the candidate's code — nothing else. No timings, counters,
 * reference timings, output or name: a submission could encode the hidden input in any of them.
 */
export interface HiddenFailureView {
  /** "error": the program raised; "limit": a time/memory/output limit or crash; "wrong": a wrong answer. */
  kind: "error" | "limit" | "wrong";
  type: string | null;
  message: string | null;
  line: number | null;
  /** The error's class is the submission's own: its name and message are withheld. */
  customType?: true;
}

export interface HiddenTestResultView {
  ordinal: number;
  verdict: Verdict;
  hidden: true;
  redacted: true;
  failure: HiddenFailureView | null;
}

/** The exact keys a redacted hidden test carries (the adversarial web suite checks there are no others). */
export const HIDDEN_TEST_KEYS = ["ordinal", "verdict", "hidden", "redacted", "failure"] as const;

/** One test of a submission as the browser gets it: full for visible tests (and for admins), redacted for hidden ones. */
export type TestView = TestResultView | HiddenTestResultView;

export function isRedacted(test: TestView): test is HiddenTestResultView {
  return "redacted" in test && test.redacted === true;
}

export interface SubmissionView {
  id: string;
  questionSlug: string;
  language: SubmissionLanguage;
  mode: SubmissionMode;
  status: SubmissionStatus;
  verdict: Verdict | null;
  score: number | null;
  compileError?: string | null;
  /** Why grading failed (status "failed", verdict IE): never the candidate's fault. */
  error?: string | null;
  createdAt: string;
  finishedAt: string | null;
  code: string;
  /** Not final and no grader can take it right now (none online, or none for its language); null or absent otherwise. */
  waiting?: GraderWait | null;
  tests: TestView[];
}

/** A visible test result as GET /api/submissions/:id sends it: the view plus the test's name. */
export interface ApiVisibleTestResult extends TestResultView {
  name: string | null;
}

/** A test result as GET /api/submissions/:id and its SSE stream send it. */
export type ApiTestResult = ApiVisibleTestResult | HiddenTestResultView;

/** A submission as GET /api/submissions/:id sends it; the browser reads the SubmissionView part of it. */
export interface ApiSubmission extends Omit<SubmissionView, "compileError" | "error" | "waiting" | "tests"> {
  /** The compiler's message when the verdict is CE. */
  compileError: string | null;
  /** Why grading failed (status failed, verdict IE): never the user's fault. */
  error: string | null;
  waiting: GraderWait | null;
  attempts: number;
  customArgs: unknown[] | null;
  tests: ApiTestResult[];
}

/** Why nobody grades a submission right now, derived from the graders' heartbeats on every read (ADR 1103). */
export interface GraderWait {
  reason: "no-grader-online" | "no-grader-for-language";
  message: string;
}

/** The SSE `waiting` event: sent when the note appears or changes, and with null once a grader can take it. */
export interface WaitingEvent {
  waiting: GraderWait | null;
}

/** POST /api/submissions's 503 when live graders exist but none can grade the language; nothing was stored. */
export interface GraderRefusal {
  error: "GRADER_UNAVAILABLE";
  message: string;
  retryAfterSeconds: number;
}

export interface StatusEvent {
  status: SubmissionStatus;
  verdict: Verdict | null;
  score: number | null;
}

export function isFinished(status: SubmissionStatus): boolean {
  return status === "done" || status === "failed";
}
