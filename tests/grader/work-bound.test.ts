/**
 * Work bounds: the formula language (numbers, prompt/rows/new, + - * and parentheses, nothing evaluated as
 * code), where "new" comes from in the expected value, the schema refusing bad formulas, and the WA message.
 */
import { CodingSpecSchema, WorkBoundSchema } from "@/lib/bank/schema";
import { compileWorkFormula, generatedCount } from "@/lib/bank/work-bound";
import { checkWorkBound } from "@/lib/grader/work-bound-check";

const vars = { prompt: 32, rows: 4, new: 64 };

test.each([
  { formula: "prompt + new", value: 96 },
  { formula: "prompt+rows*new", value: 288 },
  { formula: "(prompt + new) * 2 - 1", value: 191 },
  { formula: "  100 ", value: 100 },
  { formula: "prompt + rows * (new - 1)", value: 284 },
  { formula: "1.5 * new", value: 96 },
])("$formula = $value", ({ formula, value }) => {
  expect(compileWorkFormula(formula)(vars)).toBe(value);
});

test.each([
  { formula: "prompt +", message: /expected a number, prompt, rows or new at "the end"/ },
  { formula: "prompt ** 2", message: /expected a number or one of prompt, rows, new/ },
  { formula: "process.exit()", message: /expected a number or one of prompt, rows, new at "process/ },
  { formula: "(prompt + new", message: /expected "\)"/ },
  { formula: "prompt new", message: /expected \+, - or \*/ },
  { formula: "", message: /at "the end"/ },
])("refuses $formula", ({ formula, message }) => {
  expect(() => compileWorkFormula(formula)).toThrow(message);
  const parsed = WorkBoundSchema.safeParse({ maxForwardTokens: formula });
  expect(parsed.success).toBe(false);
});

test.each([
  { expected: [1, 2, 3], path: undefined, count: 3 },
  { expected: { ids: [1, 2], text: "ab" }, path: "ids", count: 2 },
  { expected: [[1, 2, 3], [4], []], path: undefined, count: 3 },
  { expected: { result: { ids: [[9], [8, 7]] } }, path: "result.ids", count: 2 },
  { expected: { ids: "abc" }, path: "ids", count: undefined },
  { expected: [1, 2], path: "ids", count: undefined },
])("generated tokens of $expected at $path: $count", ({ expected, path, count }) => {
  expect(generatedCount(expected, path)).toBe(count);
});

test("a coding spec accepts a work bound and refuses unknown keys in it", () => {
  const spec = {
    params: ["prompt", "max_new_tokens"],
    languages: { python: { entry: "greedy_decode", starter: "" }, javascript: { entry: "greedyDecode", starter: "" } },
    checker: { type: "exact" },
    tests: [{ args: ["hi", 4], sample: true }],
  };
  expect(CodingSpecSchema.parse({ ...spec, workBound: { maxForwardTokens: "prompt + new", generatedPath: "ids" } }).workBound).toEqual({ maxForwardTokens: "prompt + new", generatedPath: "ids" });
  expect(CodingSpecSchema.safeParse({ ...spec, workBound: { maxForwardTokens: "prompt + new", extra: 1 } }).success).toBe(false);
  expect(CodingSpecSchema.safeParse({ ...spec, workBound: { maxForwardTokens: 0 } }).success).toBe(false);
});

test("the WA message says how much was recomputed and what the cache needs", () => {
  // A recomputing loop: 32-token prompt, then 32+1, 32+2, … for 63 more steps.
  const spans = Array.from({ length: 64 }, (_, i) => ({ startedAt: i, endedAt: i + 0.5, tokens: 32 + i, rows: 1 }));
  const message = checkWorkBound({ maxForwardTokens: "prompt + new" }, new Array(64).fill(7), spans);
  expect(message).toBe('forward processed 4,064 tokens in 64 calls; with a KV cache it needs at most 96 (prompt + new with prompt 32, new 64): after the prompt, send only the new token with "past"');
  const cached = [{ startedAt: 0, endedAt: 1, tokens: 32, rows: 1 }, ...Array.from({ length: 63 }, (_, i) => ({ startedAt: i + 1, endedAt: i + 2, tokens: 1, rows: 1 }))];
  expect(checkWorkBound({ maxForwardTokens: "prompt + new" }, new Array(64).fill(7), cached)).toBeUndefined();
  expect(checkWorkBound({ maxForwardTokens: 10 }, [], cached)).toMatch(/at most 10 \(the task's limit\)/);
});

test("a bound without `new` (one batched forward call) does not talk about a KV cache", () => {
  // stage-work-accounting: "prompt" allows exactly the first call's tokens; a second call is over.
  const perText = [
    { startedAt: 0, endedAt: 1, tokens: 9, rows: 1 },
    { startedAt: 1, endedAt: 2, tokens: 5, rows: 1 },
  ];
  expect(checkWorkBound({ maxForwardTokens: "prompt" }, {}, perText)).toBe(
    "forward processed 14 tokens in 2 calls; the task allows at most 9 (prompt with prompt 9): send the whole batch through one forward call",
  );
  expect(checkWorkBound({ maxForwardTokens: "prompt" }, {}, [{ startedAt: 0, endedAt: 1, tokens: 18, rows: 2 }])).toBeUndefined();
  expect(checkWorkBound({ maxForwardTokens: "prompt" }, {}, [])).toBeUndefined();
});
