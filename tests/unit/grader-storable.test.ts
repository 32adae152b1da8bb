/** What the worker stores is always storable: NUL and unpaired surrogates escaped, values bounded in shape. */
import { storableText, storableValue, valueShapeProblem } from "@/lib/grader/storable";

test.each([
  ["plain text", "héllo 你好 🙂", "héllo 你好 🙂"],
  ["NUL", "a\u0000b", "a\\u0000b"],
  ["lone high surrogate", "x\ud800y", "x\\ud800y"],
  ["lone low surrogate at the start", "\udc00z", "\\udc00z"],
  ["a valid pair is kept", "\ud83d\ude42", "🙂"],
  ["reversed pair", "\ude42\ud83d", "\\ude42\\ud83d"],
])("storableText: %s", (_name, input, expected) => {
  expect(storableText(input)).toBe(expected);
});

test("storableValue escapes strings and keys at every level and keeps numbers", () => {
  expect(storableValue({ "k\u0000": ["a\ud800", 1.5, null, { x: "\u0000" }] })).toEqual({ "k\\u0000": ["a\\ud800", 1.5, null, { x: "\\u0000" }] });
});

test("valueShapeProblem bounds depth and size without recursion", () => {
  let deep: unknown = [];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  expect(valueShapeProblem(deep)).toBe("it is nested deeper than 64 levels");
  expect(valueShapeProblem(new Array(10).fill(0), { maxDepth: 4, maxNodes: 5 })).toBe("it has more than 5 elements");
  expect(valueShapeProblem({ a: [[1, 2], { b: "c" }] })).toBeUndefined();
  expect(valueShapeProblem([[[]]], { maxDepth: 2, maxNodes: 100 })).toBe("it is nested deeper than 2 levels");
});
