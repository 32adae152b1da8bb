/**
 * How gradeInSandbox behaves around the edges, on the real sandbox and engine: box replacement after a
 * crash, tracebacks that show only the user's code, CE with line numbers, host-clock stage timing,
 * unchecked custom-input runs, engine faults as IE, and the missing-bubblewrap refusal.
 */
import { gradeInSandbox } from "@/lib/grader/run-tests";
import { SandboxUnavailableError } from "@/lib/grader/sandbox/box";
import type { EngineLike, GradeRequest, TestRecord } from "@/lib/grader/types";
import { closeRealEngine, realEngine } from "./support/real-engine";
import { configureSandboxHost, DEFAULT_SANDBOX_HOST } from "@/lib/grader/sandbox/host-settings";
import { parseConfig } from "@/lib/config/config";

let engine: EngineLike;
beforeAll(async () => {
  engine = await realEngine();
}, 120_000);
afterAll(() => closeRealEngine());

const exact = { type: "exact" } as const;
const grade = (request: Omit<GradeRequest, "engine" | "checker"> & Partial<Pick<GradeRequest, "checker">>) =>
  gradeInSandbox({ checker: exact, engine, ...request });

test("a box that dies mid-submission is replaced and the remaining tests still run", async () => {
  const code = `
import os
def solve(x, engine):
    if x == "crash":
        os._exit(3)
    if x == "hang":
        while True: pass
    return x.upper()
`;
  const seen: TestRecord[] = [];
  const result = await grade({
    language: "python",
    code,
    entry: "solve",
    tests: ["a", "crash", "b", "hang", "c"].map((x) => ({ args: [x], expected: x.toUpperCase() })),
    limits: { timeMsPerTest: 1_000, boxRestarts: 2 },
    onTest: (record) => seen.push(record),
  });
  expect(result.tests.map((t) => t.verdict)).toEqual(["AC", "RE", "AC", "TLE", "AC"]);
  expect(result.tests[1].error).toBe("the program exited with code 3");
  expect(result.verdict).toBe("RE");
  expect(result.score).toBeCloseTo(0.6, 6);
  expect(result.boxStartMs).toHaveLength(3);
  expect(seen.map((t) => t.index)).toEqual([0, 1, 2, 3, 4]);
  expect(result.maxMemoryKb).toBeGreaterThan(1000);
});

test("after boxRestarts failures the remaining tests are not run and say so", async () => {
  const result = await grade({
    language: "javascript",
    code: "function solve(x) { process.exit(1) }",
    entry: "solve",
    tests: [1, 2, 3].map((x) => ({ args: [x], expected: x })),
    limits: { boxRestarts: 1 },
  });
  expect(result.tests.map((t) => t.verdict)).toEqual(["RE", "RE", "RE"]);
  expect(result.tests[2].error).toBe("not run: the program failed 2 times");
  expect(result.boxStartMs).toHaveLength(2);
});

test("a Python runtime error shows the user's traceback with /box paths only", async () => {
  const result = await grade({
    language: "python",
    code: "def helper(x):\n    return 1 / x\n\ndef solve(x, engine):\n    return helper(x)\n",
    entry: "solve",
    tests: [{ args: [0], expected: 1 }],
  });
  expect(result.verdict).toBe("RE");
  const error = result.tests[0].error!;
  expect(error).toContain('File "/box/solution.py", line 2, in helper');
  expect(error).toContain("return 1 / x");
  expect(error).toMatch(/ZeroDivisionError: division by zero$/);
  expect(error).not.toContain("python_harness");
});

test("a TypeScript runtime error points at the user's TypeScript line", async () => {
  const code = "type N = number;\n\nexport function solve(x: N): N {\n  const o: any = null;\n  return o.field + x;\n}\n";
  const result = await grade({ language: "typescript", code, entry: "solve", tests: [{ args: [1], expected: 1 }] });
  expect(result.verdict).toBe("RE");
  expect(result.tests[0].error).toMatch(/^TypeError: Cannot read properties of null \(reading 'field'\)/);
  expect(result.tests[0].error).toContain("/box/solution.ts:5:");
});

test.each([
  ["python", "def solve(x, engine):\n    return (x\n", 2, /SyntaxError/],
  ["typescript", "export function solve(x: number) {\n  return x +;\n}\n", 2, /SyntaxError: Unexpected ";"/],
  ["javascript", "function solve(x) {\n  return x\n\n", 4, /^SyntaxError: Unexpected end of file$/],
] as const)("%s syntax errors are CE with a line", async (language, code, line, message) => {
  const result = await grade({ language, code, entry: "solve", tests: [{ args: [1], expected: 1 }] });
  expect(result.verdict).toBe("CE");
  expect(result.compileError!.line).toBe(line);
  expect(result.compileError!.message).toMatch(message);
  expect(result.tests).toEqual([]);
});

test.each(["python", "javascript"] as const)("%s: a missing entry function is CE", async (language) => {
  const result = await grade({ language, code: language === "python" ? "def other(x, e): pass\n" : "function other() {}", entry: "solve", tests: [{ args: [1] }] });
  expect(result.verdict).toBe("CE");
  expect(result.compileError!.message).toBe("the function solve is not defined at the top level");
});

test("an error at module level is RE for every test", async () => {
  const result = await grade({ language: "python", code: "import no_such_module\ndef solve(x, e): return x\n", entry: "solve", tests: [{ args: [1] }, { args: [2] }] });
  expect(result.tests.map((t) => t.verdict)).toEqual(["RE", "RE"]);
  expect(result.tests[0].error).toMatch(/ModuleNotFoundError: No module named 'no_such_module'/);
});

test("stages are measured on the host: input before the first forward, post after the last", async () => {
  const code = `
import time
def solve(text, engine):
    time.sleep(0.3)
    ids = engine.tokenize("word2vec", text)["input_ids"] or [1]
    out = engine.forward("word2vec", {"input_ids": [ids]})
    time.sleep(0.15)
    return len(out["vectors"][0])
`;
  const result = await grade({ language: "python", code, entry: "solve", tests: [{ args: ["hello world"] }] });
  expect(result.verdict).toBe("AC");
  const { stages, wallMs } = result.tests[0];
  // The 0.3 s sleep before the first forward is input, the 0.15 s one after the last forward is post (a sleep never
  // ends early, so these hold on any machine; swapping or merging the stages breaks one of them).
  expect(stages.inputMs).toBeGreaterThanOrEqual(295);
  expect(stages.postMs).toBeGreaterThanOrEqual(145);
  expect(stages.forwardMs).toBeGreaterThan(0);
  expect(stages.inputMs + stages.forwardMs + stages.postMs).toBeCloseTo(wallMs, 5);
});

test("a run without expected values returns the values unchecked (custom input)", async () => {
  const result = await grade({
    language: "javascript",
    code: "const solve = (s) => { console.log('seen', s); return { n: s.length, v: new Float32Array([0.5, 1]) } }",
    entry: "solve",
    tests: [{ args: ["abc"] }, { args: ["hello"] }],
    keepValues: true,
  });
  expect(result.verdict).toBe("AC");
  expect(result.tests.map((t) => [t.checked, t.got, t.stdout])).toEqual([
    [false, { n: 3, v: [0.5, 1] }, "seen abc\n"],
    [false, { n: 5, v: [0.5, 1] }, "seen hello\n"],
  ]);
  expect(result.tests[1].value).toEqual({ n: 5, v: [0.5, 1] });
});

test("an engine failure on our side is IE, not the user's fault", async () => {
  const broken: EngineLike = {
    ...engine,
    tokenize: (m, t, o) => engine.tokenize(m, t, o),
    labels: (m) => engine.labels(m),
    info: (m) => engine.info(m),
    forward: async () => {
      throw Object.assign(new Error("onnxruntime exploded"), { code: "INTERNAL" });
    },
  };
  const result = await gradeInSandbox({
    language: "python",
    code: "def solve(x, engine):\n    try:\n        engine.forward('word2vec', {'input_ids': [[1]]})\n    except EngineError:\n        return 'swallowed'\n",
    entry: "solve",
    tests: [{ args: [1], expected: "swallowed" }],
    checker: exact,
    engine: broken,
  });
  expect(result.verdict).toBe("IE");
  expect(result.internalError).toBe("INTERNAL: onnxruntime exploded");
});

describe("without bubblewrap", () => {
  // As an operator sets it: the variables, parsed by lib/config and handed to the sandbox by the process that runs boxes.
  const configureFrom = (env: Record<string, string>) => configureSandboxHost(parseConfig(env).sandbox);
  afterEach(() => configureSandboxHost(DEFAULT_SANDBOX_HOST));

  test("grading is refused with a clear message", async () => {
    configureFrom({ CLOCKWISE_BWRAP: "" });
    await expect(grade({ language: "python", code: "def solve(x, e): return x", entry: "solve", tests: [{ args: [1] }] })).rejects.toThrow(
      SandboxUnavailableError,
    );
    await expect(grade({ language: "python", code: "def solve(x, e): return x", entry: "solve", tests: [{ args: [1] }] })).rejects.toThrow(
      /bubblewrap \(bwrap\) is not installed.*CLOCKWISE_UNSAFE_LOCAL_SANDBOX=1/,
    );
  });

  test("the operator's unsafe local mode runs the code without a sandbox and says so", async () => {
    configureFrom({ CLOCKWISE_BWRAP: "", CLOCKWISE_UNSAFE_LOCAL_SANDBOX: "1" });
    const spy = jest.spyOn(console, "error").mockImplementation(() => {});
    const result = await grade({ language: "python", code: "def solve(x, e): return x * 2", entry: "solve", tests: [{ args: [21], expected: 42 }] });
    expect(result.verdict).toBe("AC");
    expect(result.sandbox).toBe("unsafe-local");
    spy.mockRestore();
  });
});

test("concurrent submissions in different languages each get their own box and their own answers", async () => {
  const programs = [
    { language: "python", code: "def solve(x, e):\n    import os\n    return [x, os.getpid()]\n" },
    { language: "javascript", code: "const solve = (x) => [x, process.pid]" },
    { language: "typescript", code: "export const solve = (x: number): number[] => [x, process.pid]" },
    { language: "python", code: "def solve(x, e):\n    return [x, -1]\n" },
  ] as const;
  const results = await Promise.all(
    programs.map((p, i) =>
      grade({ language: p.language, code: p.code, entry: "solve", tests: [{ args: [i * 10] }, { args: [i * 10 + 1] }] }),
    ),
  );
  results.forEach((result, i) => {
    expect(result.verdict).toBe("AC");
    expect(result.tests.map((t) => (t.got as number[])[0])).toEqual([i * 10, i * 10 + 1]);
  });
});

test("code over the size cap is refused as CE without starting a box", async () => {
  const result = await grade({ language: "python", code: `def solve(x, e):\n    return x\n#${"x".repeat(300_000)}`, entry: "solve", tests: [{ args: [1] }] });
  expect(result.verdict).toBe("CE");
  expect(result.compileError!.message).toBe("the code is longer than 200000 characters");
  expect(result.boxStartMs).toEqual([]);
});
