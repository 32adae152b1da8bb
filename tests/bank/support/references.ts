/**
 * Shared body of the tests/bank/references-*.test.ts shards: every coding question of the bank graded for
 * real — the real grader (bubblewrap sandbox, Python and Node harnesses) on the real engine (the project's
 * ONNX models).
 *
 * - The Python reference gets AC on every test (tests with an `expected` are checked against it).
 * - The JavaScript reference gets AC against the Python reference's outputs, so both languages agree and
 *   a candidate is graded the same whichever language they pick.
 * - Every deliberately wrong solution in tests/bank/wrong/<slug>/<mistake>.py|.js gets WA (not RE/CE/TLE):
 *   the tests catch real mistakes. The file name says the mistake; its first line explains it.
 *
 * The questions are split into SHARDS files by a hash of the slug so Jest's workers grade them in parallel
 * and a failure names its task (the describe block is the slug).
 */
import fs from "node:fs";
import path from "node:path";
import { loadBankFiles } from "@/lib/bank/load";
import type { CodingSpec } from "@/lib/bank/schema";
import { getEngine } from "@/lib/engine";
import { gradeInSandbox } from "@/lib/grader/run-tests";
import type { EngineLike, GradeLanguage, GradeResult, GradeTest } from "@/lib/grader/types";

export const SHARDS = 4;
export const REPO = path.resolve(__dirname, "../../..");
export const WRONG = path.resolve(__dirname, "../wrong");

/** Stable shard of a slug (FNV-1a, then murmur3's finaliser so the low bits mix), so a task stays in the same file as the bank grows. */
export function shardOf(slug: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < slug.length; i++) {
    h ^= slug.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % SHARDS;
}

/** The wrong solutions of one task: tests/bank/wrong/<slug>/*.py and *.js, sorted by name. */
export function wrongSolutions(slug: string): string[] {
  const dir = path.join(WRONG, slug);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(py|js)$/.test(f))
    .sort();
}

function grade(spec: CodingSpec, language: GradeLanguage, code: string, tests: GradeTest[], engine: EngineLike, keepValues = false): Promise<GradeResult> {
  const entry = (spec.languages[language] ?? spec.languages.javascript).entry;
  // workBound: the task's bound on forward work, counted on the host (lib/grader/work-bound-check.ts).
  return gradeInSandbox({ language, code, entry, tests, checker: spec.checker, workBound: spec.workBound, limits: spec.limits, engine, keepValues });
}

/** One line per test that is not AC, so a failure says which test and why. */
function problems(result: GradeResult): string[] {
  return result.tests.filter((t) => t.verdict !== "AC").map((t) => `#${t.index} ${t.name ?? ""}: ${t.verdict} ${t.error ?? t.diff ?? ""}`);
}

/** Registers the tests of every coding question whose slug falls into `shard`. */
export function describeReferenceShard(shard: number): void {
  const { questions, errors } = loadBankFiles(path.join(REPO, "prisma/bank"));
  const coding = questions.flatMap((q) => (q.coding ? [{ slug: q.slug, spec: q.coding }] : []));
  const mine = coding.filter((q) => shardOf(q.slug) === shard);

  let engine: EngineLike;
  beforeAll(async () => {
    engine = await getEngine();
  }, 120_000);
  afterAll(async () => {
    await (engine as unknown as { close(): Promise<void> }).close();
  });

  test("the bank loads and this shard has questions", () => {
    expect(errors).toEqual([]);
    expect(coding.length).toBeGreaterThanOrEqual(15);
    expect(mine.length).toBeGreaterThan(0);
  });

  describe.each(mine.map((q) => [q.slug, q.spec] as const))("%s", (slug, spec) => {
    // Expected values of engine-dependent tests: the Python reference's outputs on this engine.
    let referenceValues: unknown[] = [];
    const checkedTests = (): GradeTest[] =>
      spec.tests.map((t, i) => ({ name: t.name, args: t.args, expected: t.expected !== undefined ? t.expected : referenceValues[i] }));

    test("the Python reference is accepted on every test", async () => {
      const tests = spec.tests.map((t) => ({ name: t.name, args: t.args, expected: t.expected }));
      const result = await grade(spec, "python", spec.languages.python.reference!, tests, engine, true);
      expect(result.compileError).toBeUndefined();
      expect(problems(result)).toEqual([]);
      expect(result.verdict).toBe("AC");
      referenceValues = result.tests.map((t) => t.value);
      expect(referenceValues).toHaveLength(spec.tests.length);
      expect(referenceValues.every((v) => v !== undefined)).toBe(true);
    });

    test("the JavaScript reference agrees with the Python reference", async () => {
      expect(referenceValues).toHaveLength(spec.tests.length);
      const result = await grade(spec, "javascript", spec.languages.javascript.reference!, checkedTests(), engine);
      expect(result.compileError).toBeUndefined();
      expect(problems(result)).toEqual([]);
      expect(result.verdict).toBe("AC");
    });

    const wrong = wrongSolutions(slug);
    if (wrong.length > 0) {
      test.each(wrong)("the wrong solution %s gets WA", async (file) => {
        expect(referenceValues).toHaveLength(spec.tests.length);
        const language: GradeLanguage = file.endsWith(".py") ? "python" : "javascript";
        const result = await grade(spec, language, fs.readFileSync(path.join(WRONG, slug, file), "utf8"), checkedTests(), engine);
        expect(result.compileError).toBeUndefined();
        // Non-AC/WA verdicts first: a wrong solution that crashes or times out proves nothing about the tests.
        expect(result.tests.filter((t) => !["AC", "WA"].includes(t.verdict)).map((t) => `#${t.index} ${t.name ?? ""}: ${t.verdict} ${t.error ?? ""}`)).toEqual([]);
        expect(result.verdict).toBe("WA");
        expect(result.tests.some((t) => t.verdict === "WA")).toBe(true);
      });
    }
  });
}
