/**
 * The judge's public types: what a caller (the queue worker, the admin validator, the self-test) passes to
 * `gradeInSandbox` and what it gets back. Kept free of Prisma/Next so workers on other machines can use it.
 */
import type { Checker, WorkBound } from "@/lib/bank/schema";
import type { LimitRequest } from "./limits";

export const VERDICTS = ["AC", "WA", "TLE", "MLE", "OLE", "RE", "CE", "IE"] as const;
export type Verdict = (typeof VERDICTS)[number];

export type GradeLanguage = "python" | "javascript" | "typescript";

/**
 * What the grader needs from the inference engine (lib/engine's `getEngine()` satisfies it). Every method
 * may throw for a bad request; the message is shown to the user's program as an EngineError.
 */
export interface EngineLike {
  tokenize(model: string, text: string, opts?: { maxLength?: number }): object | Promise<object>;
  /**
   * For decoder LMs, `inputs.past` is null or a cache object this engine returned as `outputs.past` (with a
   * `bytes` size); the gateway swaps it for a handle string on the way to the box. `trace.phase` says
   * prefill or decode.
   */
  forward(model: string, inputs: Record<string, unknown>): Promise<{ outputs: object; trace?: { phase?: string } }>;
  /** Token ids → text (decoder LMs). */
  decode?(model: string, ids: unknown, opts?: { skipSpecialTokens?: boolean }): string | Promise<string>;
  labels(model: string): string[] | Promise<string[]>;
  info(model: string): object | Promise<object>;
}

export interface GradeTest {
  args: unknown[];
  /** Absent: the result is returned but not checked (custom-input runs); the test counts as passed. */
  expected?: unknown;
  weight?: number;
  name?: string;
}

export interface GradeRequest {
  language: GradeLanguage;
  code: string;
  entry: string;
  tests: GradeTest[];
  checker: Checker;
  /** Most forward tokens a test may use (decoding tasks: proof of the KV cache); checked after the value. */
  workBound?: WorkBound;
  /** A question's limits; clamped to the configured maxima (lib/grader/limits.ts). */
  limits?: LimitRequest;
  engine: EngineLike;
  /**
   * Keep each test's full returned value in `TestRecord.value` (used to compute expected outputs from a
   * reference solution). Off by default: records only keep a bounded `got`.
   */
  keepValues?: boolean;
  /** Called as each test finishes (live progress); errors thrown by it are ignored. */
  onTest?: (record: TestRecord) => void;
}

/** Host-clock stage times of one test (see docs/adr/0302-timing.md). They add up to wallMs. */
export interface StageTimes {
  inputMs: number;
  forwardMs: number;
  postMs: number;
}

/**
 * A test's decode loop (decoder LMs), from host timestamps; null/absent when the test made no decoder call.
 * Bounded: summaries and at most 64 sampled steps (lib/grader/generation-timing.ts).
 */
export interface GenerationTiming {
  /** Forward calls without a past (the prompt) and with one (one step each). */
  prefillCalls: number;
  decodeCalls: number;
  /** Token ids sent in prefill calls and in decode calls (padding included). */
  prefillTokens: number;
  decodeTokens: number;
  /** Test start → logits of the first prefill (time to first token, before sampling it). */
  ttftMs: number | null;
  /** Time inside prefill forward passes. */
  prefillForwardMs: number;
  /** Mean decode step: from one call's logits to the next call's (sampling + round trip + forward). */
  tpotMs: number | null;
  /** Decode tokens per second after the first prefill. */
  tokensPerSecond: number | null;
  decode: { forwardP50Ms: number; forwardP90Ms: number; stepP50Ms: number; stepP90Ms: number; stepMaxMs: number };
  /** Decode steps in order (evenly sampled to at most 64): forward time and the whole step. */
  steps: { forwardMs: number; stepMs: number }[];
}

export interface TestRecord {
  index: number;
  name?: string;
  verdict: Verdict;
  stages: StageTimes;
  wallMs: number;
  /** CPU time of the whole box during the test (cgroup cpuacct); absent without cgroups. */
  cpuMs?: number;
  engineCalls: number;
  /** Token ids sent to forward passes during the test. */
  tokens: number;
  /** The decode loop (decoder LMs only): prefill, steps, TTFT/TPOT. */
  generation?: GenerationTiming;
  stdout: string;
  stderr: string;
  /** Runtime error, limit message or internal-error note; never a host path or stack. */
  error?: string;
  /** The checker's short explanation of a wrong answer. */
  diff?: string;
  /** The returned value, or a truncated JSON preview string when large. */
  got?: unknown;
  /** The full returned value, only with `keepValues`. */
  value?: unknown;
  checked: boolean;
}

export interface CompileError {
  message: string;
  line?: number | null;
  column?: number | null;
}

export interface GradeResult {
  verdict: Verdict;
  /** Weighted share of accepted tests, 0..1. */
  score: number;
  tests: TestRecord[];
  compileError?: CompileError;
  /** Set when the verdict is IE: what went wrong on our side (for logs, not for the user). */
  internalError?: string;
  maxMemoryKb?: number;
  cpuMs?: number;
  wallMs: number;
  engineCalls: number;
  tokens: number;
  /** Milliseconds waited for each box used (start cost, ~0 when taken warm from the pool); a box is replaced after it dies mid-submission. */
  boxStartMs: number[];
  sandbox: "bubblewrap" | "unsafe-local";
}
