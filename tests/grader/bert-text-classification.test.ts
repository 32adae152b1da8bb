/**
 * The seed task `bert-text-classification` graded end to end: real sandbox, real engine, real BERT
 * classifier. Correct Python/JavaScript/TypeScript solutions get AC; plausible wrong ones (wrong label
 * index, softmax over the batch axis) get WA with a diff naming the field and index.
 */
import fs from "node:fs";
import path from "node:path";
import type { Checker } from "@/lib/bank/schema";
import { gradeInSandbox } from "@/lib/grader/run-tests";
import type { EngineLike, GradeLanguage } from "@/lib/grader/types";
import { closeRealEngine, realEngine, textClassification } from "./support/real-engine";

const DIR = path.join(__dirname, "solutions/bert-text-classification");
const CASES: [string, number][] = [
  ["this movie was wonderful", 2],
  ["terrible service and cold food", 0],
  ["我喜欢机器学习", 1],
];
const CHECKER: Checker = {
  type: "object",
  fields: { label: { type: "label" }, probs: { type: "allclose", atol: 1e-4, rtol: 0 }, loss: { type: "allclose", atol: 1e-4, rtol: 0 } },
};

const languageOf = (file: string): GradeLanguage => (file.endsWith(".py") ? "python" : file.endsWith(".ts") ? "typescript" : "javascript");
const entryOf = (language: GradeLanguage) => (language === "python" ? "text_classification" : "textClassification");

let engine: EngineLike;
let tests: { args: unknown[]; expected: Awaited<ReturnType<typeof textClassification>> }[];
let labelCount = 0;

beforeAll(async () => {
  engine = await realEngine();
  labelCount = (await engine.labels("bert-cls")).length;
  // Keep the class indices valid for whichever classifier is loaded.
  tests = await Promise.all(
    CASES.map(async ([text, label]) => {
      const index = label % labelCount;
      return { args: [text, index], expected: await textClassification(engine, text, index) };
    }),
  );
}, 120_000);
afterAll(() => closeRealEngine());

test("the expected outputs are a probability distribution and a positive loss", () => {
  for (const t of tests) {
    expect(t.expected.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(t.expected.loss).toBeGreaterThan(0);
  }
});

test.each(["correct.py", "correct.js", "correct.ts"])("%s is accepted", async (file) => {
  const language = languageOf(file);
  const result = await gradeInSandbox({
    language,
    code: fs.readFileSync(path.join(DIR, file), "utf8"),
    entry: entryOf(language),
    tests,
    checker: CHECKER,
    engine,
  });
  expect(result.tests.map((t) => [t.verdict, t.diff ?? t.error ?? ""])).toEqual(tests.map(() => ["AC", ""]));
  expect(result.verdict).toBe("AC");
  expect(result.tests[0].engineCalls).toBe(3);
  expect(result.tests[0].stages.forwardMs).toBeGreaterThan(0);
});

test.each([
  ["wrong-label-index.py", /^(label: expected label "\w+", got "\w+"|loss: expected .* got .*)$/],
  ["wrong-softmax-axis.js", /^probs\[\d\]: expected [\d.e-]+, got 1 /],
])("%s gets WA with a diff naming the field", async (file, diff) => {
  const language = languageOf(file);
  const result = await gradeInSandbox({
    language,
    code: fs.readFileSync(path.join(DIR, file), "utf8"),
    entry: entryOf(language),
    tests,
    checker: CHECKER,
    engine,
  });
  expect(result.verdict).toBe("WA");
  expect(result.score).toBe(0);
  expect(result.tests[0].diff).toMatch(diff);
});
