/**
 * Grading one submission against a question, without any storage: pick the tests (Run: the samples plus the
 * optional custom input; Submit: all), get the reference's outputs and timings, grade the user's code with
 * expected = the test's own value or the reference's output, and describe each test the way it is stored.
 * Used by the queue worker and by `npm run grade`.
 *
 * @example
 *   const graded = await gradeSubmission({ question, language: "python", code, mode: "submit", engine, references });
 *   graded.verdict // "AC";  graded.tests[0].ref // { inputMs, forwardMs, postMs } of the reference
 */
import type { CodingSpec } from "@/lib/bank/schema";
import type { TestResultInput } from "@/lib/db/submissions/grading-store";
import { gradeInSandbox } from "../run-tests";
import type { EngineLike, GradeLanguage, GradeTest, TestRecord, Verdict } from "../types";
import { entryFor, ReferenceFailure, referenceLanguage, runReference, type QuestionForGrading, type ReferenceCache, type ReferenceTestRun } from "./reference";

export type SubmissionMode = "run" | "submit";

/** One test of this submission, in the order it runs. */
export interface PlannedTest {
  ordinal: number;
  name: string | null;
  hidden: boolean;
  args: unknown[];
  /** The question's own expected value; absent → the reference's output. */
  expected?: unknown;
  weight: number;
  /** Index in the question's tests, or null for the custom input of a Run. */
  questionIndex: number | null;
}

/** One graded test: exactly the row the store keeps (lib/db/submissions/grading-store.ts), so nothing is re-mapped. */
export type GradedTest = TestResultInput;

export interface GradedSubmission {
  verdict: Verdict;
  score: number;
  /** "line 3:7: message" for CE. */
  compileError: string | null;
  /** Our side's failure (verdict IE): for logs and the retry note, not shown as the user's fault. */
  internalError: string | null;
  tests: GradedTest[];
  referenceLanguage: GradeLanguage;
  wallMs: number;
  /** Where the wall time went (the pipeline bench's breakdown; nothing logs it). */
  timing: { referenceMs: number; boxStartMs: number; sandboxMs: number; onTestWaitMs: number };
}

export const CUSTOM_TEST_NAME = "custom input";

/** Largest value (as JSON) stored whole for a visible test's expected/got; larger ones are kept as a preview. */
export const MAX_SHOWN_VALUE_CHARS = 64 * 1024;

function containsNonFinite(value: unknown, depth = 0): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (depth > 40 || !value || typeof value !== "object") return false;
  return Object.values(value).some((v) => containsNonFinite(v, depth + 1));
}

/**
 * What to show of a value: the value itself when it is plain JSON of reasonable size (the grader's own `got` is a
 * 2,000-character preview, too short for a 100-dimensional vector), else `fallback` (that preview).
 */
function shownValue(value: unknown, fallback: unknown): unknown {
  if (value === undefined) return fallback;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return fallback;
  }
  if (text === undefined || text.length > MAX_SHOWN_VALUE_CHARS || containsNonFinite(value)) return fallback;
  return value;
}

/** Run: the samples, then the custom input when given. Submit: every test; non-samples are hidden. */
export function planTests(spec: CodingSpec, mode: SubmissionMode, customArgs: unknown[] | null): PlannedTest[] {
  const planned: PlannedTest[] = [];
  spec.tests.forEach((test, index) => {
    if (mode === "run" && !test.sample) return;
    planned.push({
      ordinal: planned.length,
      name: test.name ?? null,
      hidden: mode === "submit" && !test.sample,
      args: test.args,
      ...(test.expected !== undefined ? { expected: test.expected } : {}),
      weight: test.weight,
      questionIndex: index,
    });
  });
  if (mode === "run" && customArgs) {
    planned.push({ ordinal: planned.length, name: CUSTOM_TEST_NAME, hidden: false, args: customArgs, weight: 1, questionIndex: null });
  }
  return planned;
}

function describeCompileError(error: { message: string; line?: number | null; column?: number | null }): string {
  const where = error.line ? `line ${error.line}${error.column ? `:${error.column}` : ""}: ` : "";
  return `${where}${error.message}`;
}

export async function gradeSubmission(opts: {
  question: QuestionForGrading;
  language: GradeLanguage;
  code: string;
  mode: SubmissionMode;
  customArgs?: unknown[] | null;
  engine: EngineLike;
  references: ReferenceCache;
  /** Each test as it finishes (live progress). */
  onTest?: (test: GradedTest) => void | Promise<void>;
}): Promise<GradedSubmission> {
  const started = performance.now();
  const spec = opts.question.coding;
  const plan = planTests(spec, opts.mode, opts.customArgs ?? null);
  const reference = await opts.references.get({ question: opts.question, language: opts.language, engine: opts.engine });
  let referenceMs = performance.now() - started;
  const refLanguage = referenceLanguage(spec, opts.language);

  const refFor: (ReferenceTestRun | null)[] = plan.map((p) => (p.questionIndex === null ? null : reference.tests[p.questionIndex] ?? null));
  const custom = plan.find((p) => p.questionIndex === null);
  let customNote: string | null = null;
  if (custom) {
    const run = await runReference({ spec, language: refLanguage, tests: [{ args: custom.args }], engine: opts.engine });
    const only = run.tests[0];
    refFor[custom.ordinal] = only ?? null;
    if (!only || only.verdict !== "AC") {
      customNote = `the reference solution failed on this input (${only?.verdict ?? "no result"}${only?.error ? `: ${only.error.split("\n").slice(-1)[0]}` : ""}), so the output is not checked`;
    }
    referenceMs = performance.now() - started;
  }

  const tests: GradeTest[] = plan.map((p, i) => {
    if (p.expected !== undefined) return { args: p.args, expected: p.expected, weight: p.weight };
    const ref = refFor[i];
    if (ref && (ref.verdict === "AC" || ref.verdict === "WA") && "value" in ref) return { args: p.args, expected: ref.value, weight: p.weight };
    if (p.questionIndex === null) return { args: p.args, weight: p.weight }; // custom input the reference could not answer
    throw new ReferenceFailure(`the reference solution failed on test ${p.ordinal + 1} (${ref?.verdict ?? "no result"}): ${ref?.error ?? ""}`.trim());
  });

  const toGraded = (record: TestRecord): GradedTest => {
    const p = plan[record.index];
    const ref = refFor[record.index];
    const expected = tests[record.index].expected;
    return {
      ordinal: p.ordinal,
      name: p.name,
      verdict: record.verdict,
      hidden: p.hidden,
      inputMs: record.stages.inputMs,
      forwardMs: record.stages.forwardMs,
      postMs: record.stages.postMs,
      wallMs: record.wallMs,
      engineCalls: record.engineCalls,
      tokens: record.tokens,
      memoryKb: null,
      stdout: record.stdout,
      stderr: record.stderr,
      error: record.error ?? null,
      diff: record.diff ?? (p.questionIndex === null ? customNote : null),
      ref: ref ? ref.stages : null,
      generation: record.generation ?? null,
      refGeneration: ref?.generation ?? null,
      io: p.hidden ? null : { args: p.args, expected: shownValue(expected, expected === undefined ? undefined : "(too large to show)"), got: shownValue(record.value, record.got) },
    };
  };

  const pending: Promise<unknown>[] = [];
  const sandboxStarted = performance.now();
  const result = await gradeInSandbox({
    language: opts.language,
    code: opts.code,
    entry: entryFor(spec, opts.language),
    tests,
    checker: spec.checker,
    workBound: spec.workBound,
    limits: spec.limits,
    engine: opts.engine,
    keepValues: true,
    onTest: opts.onTest
      ? (record) => {
          pending.push(Promise.resolve(opts.onTest!(toGraded(record))).catch(() => {}));
        }
      : undefined,
  });
  const sandboxMs = performance.now() - sandboxStarted;
  await Promise.all(pending);
  const onTestWaitMs = performance.now() - sandboxStarted - sandboxMs;
  return {
    verdict: result.verdict,
    score: result.score,
    compileError: result.compileError ? describeCompileError(result.compileError) : null,
    internalError: result.verdict === "IE" ? result.internalError ?? "internal error" : null,
    tests: result.tests.map(toGraded),
    referenceLanguage: refLanguage,
    wallMs: performance.now() - started,
    timing: { referenceMs, boxStartMs: result.boxStartMs.reduce((a, b) => a + b, 0), sandboxMs, onTestWaitMs },
  };
}
