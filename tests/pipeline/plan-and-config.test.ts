/**
 * Pure parts of the pipeline: which tests a Run or a Submit grades (and which are hidden), which reference
 * language is used, and the worker's configuration validation.
 */
import type { CodingSpec } from "@/lib/bank/schema";
import { CUSTOM_TEST_NAME, planTests } from "@/lib/grader/pipeline/grade-submission";
import { entryFor, referenceLanguage } from "@/lib/grader/pipeline/reference";
import { resolveWorkerConfig, WorkerConfigError } from "@/lib/grader/pipeline/worker-config";
import { parseConfig } from "@/lib/config/config";

const spec: CodingSpec = {
  params: ["text"],
  languages: {
    python: { entry: "f", starter: "", reference: "def f(text, engine): return text" },
    javascript: { entry: "fJs", starter: "" },
  },
  checker: { type: "exact" },
  limits: {},
  tests: [
    { name: "a", args: ["a"], sample: true, weight: 1 },
    { name: "b", args: ["b"], expected: "b", sample: false, weight: 2 },
    { name: "c", args: ["c"], sample: true, weight: 1 },
  ],
};

describe("planTests", () => {
  test("Submit grades every test in order; non-samples are hidden", () => {
    const plan = planTests(spec, "submit", null);
    expect(plan.map((p) => [p.ordinal, p.name, p.hidden, p.questionIndex, p.weight])).toEqual([
      [0, "a", false, 0, 1],
      [1, "b", true, 1, 2],
      [2, "c", false, 2, 1],
    ]);
    expect(plan[1].expected).toBe("b");
    expect(plan[0]).not.toHaveProperty("expected");
  });

  test("Run grades the samples, then the custom input last; nothing is hidden", () => {
    const plan = planTests(spec, "run", ["mine"]);
    expect(plan.map((p) => [p.ordinal, p.name, p.hidden, p.questionIndex])).toEqual([
      [0, "a", false, 0],
      [1, "c", false, 2],
      [2, CUSTOM_TEST_NAME, false, null],
    ]);
    expect(plan[2].args).toEqual(["mine"]);
  });

  test("Run without a custom input grades only the samples", () => {
    expect(planTests(spec, "run", null).map((p) => p.name)).toEqual(["a", "c"]);
  });
});

test.each([
  ["python", "python"],
  ["javascript", "python"], // no JavaScript reference: fall back to Python
  ["typescript", "python"],
] as const)("a %s submission is compared with the %s reference", (language, expected) => {
  expect(referenceLanguage(spec, language)).toBe(expected);
});

test("TypeScript uses the JavaScript entry when the question has no TypeScript spec", () => {
  expect(entryFor(spec, "typescript")).toBe("fJs");
  expect(entryFor(spec, "python")).toBe("f");
});

describe("resolveWorkerConfig", () => {
  const env = { DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/db" };

  test("defaults follow the grader's limits and the CPU count", () => {
    const config = resolveWorkerConfig({}, env);
    expect(config.concurrency).toBe(require("node:os").cpus().length);
    expect(config.jobTimeoutMs).toBe(3 * 30_000 + 30_000);
    expect(config.expireInSeconds).toBe(120 + 60);
    expect(config.retryLimit).toBe(2);
  });

  test("options win over the environment", () => {
    expect(resolveWorkerConfig({ concurrency: 3 }, { ...env, CLOCKWISE_WORKER_CONCURRENCY: "5" }).concurrency).toBe(3);
    expect(resolveWorkerConfig({}, { ...env, CLOCKWISE_WORKER_CONCURRENCY: "5" }).concurrency).toBe(5);
  });

  test.each([
    ["CLOCKWISE_WORKER_CONCURRENCY", "abc"],
    ["CLOCKWISE_WORKER_CONCURRENCY", "0"],
    ["CLOCKWISE_WORKER_CONCURRENCY", "2.5"],
    ["CLOCKWISE_GRADE_RETRY_LIMIT", "-1"],
    ["DATABASE_URL", "mysql://x"],
    ["CLOCKWISE_GRADE_EXPIRE_SECONDS", "60"], // shorter than the 120 s job timeout
  ])("%s=%s is refused with a message naming it", (name, value) => {
    const attempt = () => resolveWorkerConfig({}, { ...env, [name]: value });
    expect(attempt).toThrow(WorkerConfigError);
    expect(attempt).toThrow(new RegExp(name));
  });

  test("a missing DATABASE_URL is named without echoing anything secret", () => {
    expect(() => resolveWorkerConfig({}, {})).toThrow(/DATABASE_URL: is required/);
  });
});

describe("a worker process's defaults (lib/config)", () => {
  test("one warm box per language unless told otherwise, the library none; the environment is not written", () => {
    const unset: Record<string, string | undefined> = {};
    const config = parseConfig(unset);
    expect([config.workerProcess.warmPool, config.grader.warmPool]).toEqual([1, 0]);
    expect(unset).toEqual({});
    expect(parseConfig({ CLOCKWISE_WARM_POOL: "0" }).workerProcess.warmPool).toBe(0);
  });

  test("the worker's variables are validated at start, each bad one named", () => {
    expect(() => parseConfig({ CLOCKWISE_WORKER_CONCURRENCY: "abc", CLOCKWISE_GRADE_RETRY_LIMIT: "-1" })).toThrow(
      /CLOCKWISE_WORKER_CONCURRENCY: .*\n.*CLOCKWISE_GRADE_RETRY_LIMIT: /,
    );
  });
});
