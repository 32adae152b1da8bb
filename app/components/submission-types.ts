/**
 * The submission HTTP API as the browser sees it (POST /api/submissions, GET /api/submissions/:id and its
 * SSE stream). Kept beside the components that render it so a contract change shows up as a type error here.
 */
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

export interface TestResultView {
  ordinal: number;
  verdict: Verdict;
  hidden: boolean;
  stages: StageTimings;
  /** The reference solution's timings for the same test, when the grader measured them. */
  ref: StageTimings | null;
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
  tests: TestResultView[];
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
