/**
 * What a failing hidden test may show (lib/db/submissions/hidden-failure.ts, ADR 0610): the error type, a scrubbed
 * message and the candidate's line — never data the submission could have smuggled out of the hidden input.
 */
import { hiddenFailure, scrubMessage } from "@/lib/db/submissions/hidden-failure";

const PY_CODE = [
  "def llm_inference(text, engine):", // 1
  "    n = len(text) - len(text)", // 2
  "    return 1 / n", // 3
  "def leak(text, engine):", // 4
  "    raise ValueError(text)", // 5
].join("\n");

const pyTrace = (line: number, last: string) =>
  `Traceback (most recent call last):\n  File "/box/solution.py", line ${line}, in llm_inference\n    source line\n${last}`;

const JS_CODE = ["function llmInference(text, engine) {", "  const x = undefined;", "  return x.length;", "}", "function f(t) { throw new Error(t); }"].join("\n");

describe("hiddenFailure", () => {
  it.each([
    {
      name: "Python ZeroDivisionError: type, message and the candidate's line",
      input: { verdict: "RE", error: pyTrace(3, "ZeroDivisionError: division by zero"), code: PY_CODE, language: "python" },
      expected: { kind: "error", type: "ZeroDivisionError", message: "division by zero", line: 3 },
    },
    {
      name: "a KeyError quoting the input loses the quoted data",
      input: { verdict: "RE", error: pyTrace(3, "KeyError: 'secret hidden input'"), code: PY_CODE, language: "python" },
      expected: { kind: "error", type: "KeyError", message: "'…'", line: 3 },
    },
    {
      name: "a message raised by the submission itself is withheld",
      input: { verdict: "RE", error: pyTrace(5, "ValueError: secret hidden input"), code: PY_CODE, language: "python" },
      expected: { kind: "error", type: "ValueError", message: null, line: 5 },
    },
    {
      name: "a class the submission defined (its name could be the input) shows neither name nor message",
      input: { verdict: "RE", error: pyTrace(3, "solution.secretinput: x"), code: PY_CODE, language: "python" },
      expected: { kind: "error", type: null, message: null, line: 3, customType: true },
    },
    {
      name: "JavaScript TypeError with the innermost user frame",
      input: {
        verdict: "RE",
        error: "TypeError: Cannot read properties of undefined (reading 'length')\n    at llmInference (/box/solution.js:3:12)\n    at other (/box/solution.js:9:1)",
        code: JS_CODE,
        language: "javascript",
      },
      expected: { kind: "error", type: "TypeError", message: "Cannot read properties of undefined (reading '…')", line: 3 },
    },
    {
      name: "a JavaScript throw of the input is withheld",
      input: { verdict: "RE", error: "Error: secret hidden input\n    at f (/box/solution.js:5:24)", code: JS_CODE, language: "javascript" },
      expected: { kind: "error", type: "Error", message: null, line: 5 },
    },
    {
      name: "a wrong answer says only that",
      input: { verdict: "WA", error: null, code: PY_CODE, language: "python" },
      expected: { kind: "wrong", type: null, message: null, line: null },
    },
    {
      name: "a time limit is the grader's fixed sentence",
      input: { verdict: "TLE", error: "time limit exceeded (2000 ms per test)", code: PY_CODE, language: "python" },
      expected: { kind: "limit", type: null, message: "time limit exceeded", line: null },
    },
    {
      name: "an exit code (chosen by the submission) is not repeated",
      input: { verdict: "RE", error: "the program exited with code 173", code: PY_CODE, language: "python" },
      expected: { kind: "limit", type: null, message: "the program exited or was killed", line: null },
    },
    {
      name: "a forged grader sentence copies nothing of the forgery",
      input: { verdict: "RE", error: "too many engine calls (limit 8675309) secret", code: PY_CODE, language: "python" },
      expected: { kind: "limit", type: null, message: "too many engine calls", line: null },
    },
    {
      name: "an unknown TLE text is not shown",
      input: { verdict: "TLE", error: "secret", code: PY_CODE, language: "python" },
      expected: { kind: "limit", type: null, message: null, line: null },
    },
  ])("$name", ({ input, expected }) => {
    expect(hiddenFailure(input)).toEqual(expected);
  });

  it("is null for a passing test", () => {
    expect(hiddenFailure({ verdict: "AC", error: null, code: "", language: "python" })).toBeNull();
  });
});

describe("scrubMessage", () => {
  it.each([
    { input: "unsupported operand type(s) for +: 'int' and 'str'", expected: "unsupported operand type(s) for +: 'int' and 'str'" },
    { input: "invalid literal for int() with base 10: '42abc'", expected: "invalid literal for int() with base …: '…'" },
    { input: "index 12345 is out of bounds for axis 0 with size 7", expected: "index … is out of bounds for axis 0 with size 7" },
    { input: "list index out of range\nsecond line with data", expected: "list index out of range" },
  ])("$input", ({ input, expected }) => expect(scrubMessage(input)).toBe(expected));

  it("bounds the length", () => {
    expect(scrubMessage("x".repeat(1000)).length).toBeLessThanOrEqual(160);
  });
});
