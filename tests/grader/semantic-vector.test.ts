/**
 * The seed task `semantic-vector` graded end to end: real sandbox, real engine, real Word2Vec model.
 * Correct solutions in Python (plain and numpy), JavaScript and TypeScript get AC; plausible wrong ones get
 * WA with a diff that says what is wrong.
 */
import fs from "node:fs";
import path from "node:path";
import { gradeInSandbox } from "@/lib/grader/run-tests";
import type { EngineLike, GradeLanguage } from "@/lib/grader/types";
import { closeRealEngine, realEngine, semanticVector } from "./support/real-engine";

const DIR = path.join(__dirname, "solutions/semantic-vector");
const TEXTS = ["我喜欢机器学习", "the cat sat on the mat", "深度学习 and neural networks", "qqqzzzxxx"];
const CHECKER = { type: "cosine", minSimilarity: 0.999, normTolerance: 1e-3 } as const;

function languageOf(file: string): GradeLanguage {
  return file.endsWith(".py") ? "python" : file.endsWith(".ts") ? "typescript" : "javascript";
}

let engine: EngineLike;
let tests: { args: unknown[]; expected: number[] }[];

beforeAll(async () => {
  engine = await realEngine();
  tests = await Promise.all(TEXTS.map(async (t) => ({ args: [t], expected: await semanticVector(engine, t) })));
}, 120_000);
afterAll(() => closeRealEngine());

test("the test texts cover in-vocabulary text and a text with no known word (zero vector)", () => {
  expect(tests[0].expected.some((x) => x !== 0)).toBe(true);
  expect(tests[3].expected.every((x) => x === 0)).toBe(true);
});

describe.each(["correct.py", "correct-numpy.py", "correct.js", "correct.ts"])("%s", (file) => {
  test("is accepted with host-timed stages and engine accounting", async () => {
    const language = languageOf(file);
    const result = await gradeInSandbox({
      language,
      code: fs.readFileSync(path.join(DIR, file), "utf8"),
      entry: language === "python" ? "llm_inference" : "llmInference",
      tests,
      checker: CHECKER,
      engine,
    });
    expect(result.tests.map((t) => [t.verdict, t.diff ?? t.error ?? ""])).toEqual(tests.map(() => ["AC", ""]));
    expect(result.verdict).toBe("AC");
    expect(result.score).toBe(1);
    const first = result.tests[0];
    expect(first.engineCalls).toBe(3); // tokenize, info (dim and max_length, the chunk size), forward
    expect(first.tokens).toBeGreaterThan(0);
    expect(first.stages.forwardMs).toBeGreaterThan(0);
    expect(first.stages.inputMs + first.stages.forwardMs + first.stages.postMs).toBeCloseTo(first.wallMs, 5);
    expect(result.tests[3].tokens).toBe(0); // no forward pass for a text without known words
    expect(result.tests[3].stages.forwardMs).toBe(0);
    expect(result.boxStartMs).toHaveLength(1);
  });
});

test.each([
  ["wrong-no-normalisation.py", /^norm \d/],
  ["wrong-mean-over-wrong-axis.js", /^(expected a vector of \d+, got \d+|cosine similarity -?\d\.\d+ < 0.999)$/],
])("%s gets WA with a diff naming the problem", async (file, diff) => {
  const language = languageOf(file);
  const result = await gradeInSandbox({
    language,
    code: fs.readFileSync(path.join(DIR, file), "utf8"),
    entry: language === "python" ? "llm_inference" : "llmInference",
    tests: tests.slice(0, 3),
    checker: CHECKER,
    engine,
  });
  expect(result.verdict).toBe("WA");
  expect(result.score).toBe(0);
  expect(result.tests[0].diff).toMatch(diff);
});
