/**
 * Validating a coding question = grading every reference solution it has (python, javascript, typescript) on
 * every test with the real sandbox and engine. A test without an expected value is compared with the Python
 * reference's output (as the grader does for candidates), so the JavaScript/TypeScript references must agree with
 * the Python one. A question whose validation fails cannot be published (enforced by the admin use cases).
 *
 * Runs on a grader worker only (a job on the grading queue, lib/grader/pipeline/validation-job.ts), which also keeps
 * the passing reports in the database, shared by every process; the web tier never imports this file.
 *
 * @example
 *   const report = await validateReferences(question.coding!, engine);
 *   report.ok                           // → false
 *   report.languages[0].tests[1].diff   // → "expected 3, got 4"
 */
import type { CodingSpec } from "@/lib/bank/schema";
import { AppError } from "@/lib/errors";
import { gradeInSandbox } from "@/lib/grader/run-tests";
import { SandboxUnavailableError } from "@/lib/grader/sandbox/box";
import type { EngineLike, GradeLanguage, GradeTest } from "@/lib/grader/types";
import type { ReferenceLanguageReport, ValidationReport } from "./validation-report";

export type { ReferenceLanguageReport, ReferenceTestReport, ValidationReport } from "./validation-report";

function toTests(spec: CodingSpec, fallbackExpected?: unknown[]): GradeTest[] {
  return spec.tests.map((test, i) => {
    const expected = test.expected !== undefined ? test.expected : fallbackExpected?.[i];
    return { args: test.args, weight: test.weight, ...(test.name ? { name: test.name } : {}), ...(expected !== undefined ? { expected } : {}) };
  });
}

/** Seconds an admin should wait before trying again when this host has no sandbox (an operator must install bubblewrap). */
const SANDBOX_RETRY_AFTER_SECONDS = 60;

async function gradeReference(spec: CodingSpec, language: GradeLanguage, engine: EngineLike, tests: GradeTest[]) {
  try {
    return await gradeOnce(spec, language, engine, tests);
  } catch (error) {
    if (error instanceof SandboxUnavailableError) {
      throw new AppError("UNAVAILABLE", "The grader's sandbox (bubblewrap) is not available on this server, so reference solutions cannot be run.", undefined, {
        retryAfterSeconds: SANDBOX_RETRY_AFTER_SECONDS,
        cause: error,
      });
    }
    throw error;
  }
}

async function gradeOnce(spec: CodingSpec, language: GradeLanguage, engine: EngineLike, tests: GradeTest[]) {
  const languageSpec = spec.languages[language]!;
  return gradeInSandbox({
    language,
    code: languageSpec.reference!,
    entry: languageSpec.entry,
    tests,
    checker: spec.checker,
    workBound: spec.workBound,
    limits: spec.limits,
    engine,
    keepValues: true,
  });
}

function summarize(language: GradeLanguage, result: Awaited<ReturnType<typeof gradeInSandbox>>): ReferenceLanguageReport {
  return {
    language,
    verdict: result.verdict,
    ...(result.compileError ? { compileError: result.compileError.message } : {}),
    wallMs: result.wallMs,
    tests: result.tests.map((t) => ({
      index: t.index,
      ...(t.name ? { name: t.name } : {}),
      verdict: t.verdict,
      checked: t.checked,
      stages: t.stages,
      wallMs: t.wallMs,
      ...(t.got !== undefined ? { got: t.got } : {}),
      ...(t.diff ? { diff: t.diff } : {}),
      ...(t.error ? { error: t.error } : {}),
      ...(t.stdout ? { stdout: t.stdout.slice(0, 2000) } : {}),
    })),
  };
}

/**
 * Grades every reference solution of `spec` against every test. Throws only when the sandbox itself is
 * unavailable (AppError UNAVAILABLE); everything else is a problem in the report.
 */
export async function validateReferences(spec: CodingSpec, engine: EngineLike): Promise<ValidationReport> {
  const problems: string[] = [];
  const languages: ReferenceLanguageReport[] = [];
  if (!spec.languages.python.reference) {
    problems.push("the Python reference solution is missing (every coding question needs one: it defines outputs for tests without an expected value)");
  }
  let pythonValues: unknown[] | undefined;
  if (spec.languages.python.reference) {
    const result = await gradeReference(spec, "python", engine, toTests(spec));
    languages.push(summarize("python", result));
    if (result.verdict === "AC") pythonValues = result.tests.map((t) => t.value);
  }
  for (const language of ["javascript", "typescript"] as const) {
    if (!spec.languages[language]?.reference) continue;
    const result = await gradeReference(spec, language, engine, toTests(spec, pythonValues));
    languages.push(summarize(language, result));
  }
  for (const report of languages) {
    if (report.compileError) problems.push(`${report.language}: the reference does not compile: ${report.compileError}`);
    for (const t of report.tests) {
      if (t.verdict !== "AC") problems.push(`${report.language}: test ${t.index + 1}${t.name ? ` (${t.name})` : ""}: ${t.verdict}${t.diff ? ` — ${t.diff}` : t.error ? ` — ${t.error}` : ""}`);
    }
    if (!report.compileError && report.tests.length !== spec.tests.length && report.verdict !== "AC") {
      problems.push(`${report.language}: ${report.verdict} after ${report.tests.length} of ${spec.tests.length} tests`);
    }
  }
  const report: ValidationReport = { ok: problems.length === 0, problems, languages, validatedAt: new Date().toISOString() };
  return report;
}

/**
 * Fills the expected value of every test that has none with the Python reference's output. Returns the new spec
 * and the indexes filled; throws an Error with a readable message when the reference cannot produce them.
 *
 * @example
 *   const { spec: filled, filled: indexes } = await fillExpectedOutputs(spec, engine); // indexes → [1, 2]
 */
export async function fillExpectedOutputs(spec: CodingSpec, engine: EngineLike): Promise<{ spec: CodingSpec; filled: number[]; report: ReferenceLanguageReport }> {
  if (!spec.languages.python.reference) throw new Error("write the Python reference solution first: expected outputs come from it");
  const missing = spec.tests.flatMap((t, i) => (t.expected === undefined ? [i] : []));
  const result = await gradeReference(spec, "python", engine, spec.tests.map((t) => ({ args: t.args, weight: t.weight })));
  const report = summarize("python", result);
  if (result.compileError) throw new Error(`the Python reference does not compile: ${result.compileError.message}`);
  const failed = missing.filter((i) => result.tests[i]?.verdict !== "AC");
  if (failed.length) {
    throw new Error(`the Python reference failed on test(s) ${failed.map((i) => i + 1).join(", ")}: ${failed.map((i) => result.tests[i]?.error ?? result.tests[i]?.verdict ?? "not run").join("; ")}`);
  }
  const tests = spec.tests.map((t, i) => (t.expected === undefined ? { ...t, expected: result.tests[i].value } : t));
  return { spec: { ...spec, tests }, filled: missing, report };
}
