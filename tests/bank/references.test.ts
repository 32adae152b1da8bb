/**
 * Every coding question of the bank graded for real: the real grader (bubblewrap sandbox, Python and Node
 * harnesses) on the real engine (the project's ONNX models).
 *
 * - The Python reference gets AC on every test (tests with an `expected` are checked against it).
 * - The JavaScript reference gets AC against the Python reference's outputs, so both languages agree and
 *   a candidate is graded the same whichever language they pick.
 * - The deliberately wrong solutions in tests/bank/wrong get WA (not RE/CE): the tests catch real mistakes.
 */
import fs from "node:fs";
import path from "node:path";
import { loadBankFiles } from "@/lib/bank/load";
import type { CodingSpec } from "@/lib/bank/schema";
import { getEngine } from "@/lib/engine";
import { gradeInSandbox } from "@/lib/grader/run-tests";
import type { EngineLike, GradeLanguage, GradeResult, GradeTest } from "@/lib/grader/types";

const REPO = path.resolve(__dirname, "../..");
const WRONG = path.join(__dirname, "wrong");
const { questions, errors } = loadBankFiles(path.join(REPO, "prisma/bank"));
const coding = questions.flatMap((q) => (q.coding ? [{ slug: q.slug, spec: q.coding }] : []));

let engine: EngineLike;
beforeAll(async () => {
  engine = await getEngine();
}, 120_000);
afterAll(async () => {
  await (engine as unknown as { close(): Promise<void> }).close();
});

function grade(spec: CodingSpec, language: GradeLanguage, code: string, tests: GradeTest[], keepValues = false): Promise<GradeResult> {
  const entry = (spec.languages[language] ?? spec.languages.javascript).entry;
  return gradeInSandbox({ language, code, entry, tests, checker: spec.checker, limits: spec.limits, engine, keepValues });
}

/** One line per test that is not AC, so a failure says which test and why. */
function problems(result: GradeResult): string[] {
  return result.tests.filter((t) => t.verdict !== "AC").map((t) => `#${t.index} ${t.name ?? ""}: ${t.verdict} ${t.error ?? t.diff ?? ""}`);
}

test("the bank loads", () => {
  expect(errors).toEqual([]);
  expect(coding.length).toBeGreaterThanOrEqual(15);
});

describe.each(coding.map((q) => [q.slug, q.spec] as const))("%s", (slug, spec) => {
  // Expected values of engine-dependent tests: the Python reference's outputs on this engine.
  let referenceValues: unknown[] = [];
  const checkedTests = (): GradeTest[] =>
    spec.tests.map((t, i) => ({ name: t.name, args: t.args, expected: t.expected !== undefined ? t.expected : referenceValues[i] }));

  test("the Python reference is accepted on every test", async () => {
    const result = await grade(spec, "python", spec.languages.python.reference!, spec.tests.map((t) => ({ name: t.name, args: t.args, expected: t.expected })), true);
    expect(result.compileError).toBeUndefined();
    expect(problems(result)).toEqual([]);
    expect(result.verdict).toBe("AC");
    referenceValues = result.tests.map((t) => t.value);
    expect(referenceValues).toHaveLength(spec.tests.length);
    expect(referenceValues.every((v) => v !== undefined)).toBe(true);
  });

  test("the JavaScript reference agrees with the Python reference", async () => {
    expect(referenceValues).toHaveLength(spec.tests.length);
    const result = await grade(spec, "javascript", spec.languages.javascript.reference!, checkedTests());
    expect(result.compileError).toBeUndefined();
    expect(problems(result)).toEqual([]);
    expect(result.verdict).toBe("AC");
  });

  const wrongFiles = ["py", "js"].map((ext) => `${slug}.${ext}`).filter((f) => fs.existsSync(path.join(WRONG, f)));
  test.each(wrongFiles)("the wrong solution %s gets WA", async (file) => {
    expect(referenceValues).toHaveLength(spec.tests.length);
    const language: GradeLanguage = file.endsWith(".py") ? "python" : "javascript";
    const result = await grade(spec, language, fs.readFileSync(path.join(WRONG, file), "utf8"), checkedTests());
    expect(result.compileError).toBeUndefined();
    expect(result.verdict).toBe("WA");
    expect(result.tests.some((t) => t.verdict === "WA")).toBe(true);
    expect(result.tests.filter((t) => !["AC", "WA"].includes(t.verdict)).map((t) => `${t.verdict} ${t.error ?? ""}`)).toEqual([]);
  });
});
