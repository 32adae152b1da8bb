/** Checkers: table-driven, including hostile `got` values (NaN, Infinity, ragged, wrong types). */
import type { Checker } from "@/lib/bank/schema";
import { check } from "@/lib/grader/checkers";

const allclose: Checker = { type: "allclose", atol: 1e-4, rtol: 0 };
const cosine: Checker = { type: "cosine", minSimilarity: 0.999, normTolerance: 1e-3 };
const bert: Checker = { type: "object", fields: { label: { type: "label" }, probs: allclose, loss: allclose } };

const cases: { name: string; checker: Checker; expected: unknown; got: unknown; ok: boolean; diff?: RegExp | string }[] = [
  { name: "exact equal nested", checker: { type: "exact" }, expected: { a: [1, "x"] }, got: { a: [1, "x"] }, ok: true },
  { name: "exact first differing index", checker: { type: "exact" }, expected: [1, 2, 3], got: [1, 5, 3], ok: false, diff: "[1]: expected 2, got 5" },
  { name: "exact wrong length", checker: { type: "exact" }, expected: [1, 2], got: [1], ok: false, diff: "expected 2 items, got 1" },
  { name: "exact extra key", checker: { type: "exact" }, expected: { a: 1 }, got: { a: 1, b: 2 }, ok: false, diff: 'unexpected key "b"' },
  { name: "exact string vs number", checker: { type: "exact" }, expected: "1", got: 1, ok: false, diff: 'expected "1", got 1' },
  { name: "allclose within atol", checker: allclose, expected: [0.5, 0.25], got: [0.50005, 0.25], ok: true },
  { name: "allclose outside atol", checker: allclose, expected: [0.5, 0.25], got: [0.5, 0.2502], ok: false, diff: /^\[1\]: expected 0.25, got 0.2502 \(\|diff\| 0.000200 > 0.000100\)$/ },
  { name: "allclose rtol", checker: { type: "allclose", atol: 0, rtol: 1e-3 }, expected: [1000], got: [1000.9], ok: true },
  { name: "allclose NaN got", checker: allclose, expected: [1], got: [NaN], ok: false, diff: "[0]: expected 1, got NaN" },
  { name: "allclose NaN both", checker: allclose, expected: [NaN], got: [NaN], ok: true },
  { name: "allclose Infinity", checker: allclose, expected: [1], got: [Infinity], ok: false, diff: "[0]: expected 1, got Infinity" },
  { name: "allclose ragged", checker: allclose, expected: [[1, 2], [3, 4]], got: [[1, 2], [3]], ok: false, diff: "[1]: shape: expected 2 items, got 1" },
  { name: "allclose wrong type", checker: allclose, expected: [1, 2], got: "1,2", ok: false, diff: 'expected a list of 2, got string "1,2"' },
  { name: "allclose null", checker: allclose, expected: 1, got: null, ok: false, diff: "expected a number, got null null" },
  { name: "cosine identical", checker: cosine, expected: [0.6, 0.8], got: [0.6, 0.8], ok: true },
  { name: "cosine tiny noise", checker: cosine, expected: [0.6, 0.8], got: [0.6001, 0.7999], ok: true },
  { name: "cosine orthogonal", checker: cosine, expected: [1, 0], got: [0, 1], ok: false, diff: "cosine similarity 0.0000 < 0.999" },
  { name: "cosine not normalised", checker: cosine, expected: [0.6, 0.8], got: [3, 4], ok: false, diff: "norm 5.0000, expected 1.0000 ± 0.001 (cosine 1.0000)" },
  { name: "cosine zero reference ok", checker: cosine, expected: [0, 0, 0], got: [0, 0, 0], ok: true },
  { name: "cosine zero reference wrong", checker: cosine, expected: [0, 0], got: [0, 0.5], ok: false, diff: "expected the zero vector, got 0.5 at [1] (norm 0.5000)" },
  { name: "cosine got zero", checker: cosine, expected: [0.6, 0.8], got: [0, 0], ok: false, diff: "got the zero vector, expected a vector of norm 1.000" },
  { name: "cosine wrong length", checker: cosine, expected: [0.6, 0.8], got: [1], ok: false, diff: "expected a vector of 2, got 1" },
  { name: "cosine NaN", checker: cosine, expected: [0.6, 0.8], got: [NaN, 1], ok: false, diff: "[0]: NaN is not a finite number" },
  { name: "cosine nested", checker: cosine, expected: [0.6, 0.8], got: [[0.6, 0.8]], ok: false, diff: "[0]: expected a number, got list of 2 [0.6,0.8]" },
  { name: "cosine without norm check", checker: { type: "cosine", minSimilarity: 0.999, normTolerance: null }, expected: [0.6, 0.8], got: [3, 4], ok: true },
  { name: "label equal", checker: { type: "label" }, expected: "positive", got: "positive", ok: true },
  { name: "label differs", checker: { type: "label" }, expected: "positive", got: "negative", ok: false, diff: 'expected label "positive", got "negative"' },
  { name: "label index instead of name", checker: { type: "label" }, expected: "positive", got: 1, ok: false, diff: 'expected the label "positive", got number 1' },
  { name: "object all fields ok", checker: bert, expected: { label: "a", probs: [0.3, 0.7], loss: 0.35 }, got: { label: "a", probs: [0.3, 0.7], loss: 0.35, extra: 1 }, ok: true },
  { name: "object missing field", checker: bert, expected: { label: "a", probs: [0.3, 0.7], loss: 0.35 }, got: { label: "a", probs: [0.3, 0.7] }, ok: false, diff: 'missing field "loss"' },
  { name: "object nested path", checker: bert, expected: { label: "a", probs: [0.3, 0.7], loss: 0.35 }, got: { label: "a", probs: [0.3, 0.6], loss: 0.35 }, ok: false, diff: /^probs\[1\]: expected 0.7, got 0.6/ },
  { name: "object got a list", checker: bert, expected: { label: "a" }, got: ["a"], ok: false, diff: /^expected an object with label, probs, loss, got list of 1/ },
];

test.each(cases)("$name", ({ checker, expected, got, ok, diff }) => {
  const result = check(checker, expected, got);
  expect(result.ok).toBe(ok);
  if (diff instanceof RegExp) expect(result.diff).toMatch(diff);
  else expect(result.diff).toBe(diff);
});

test("a pathologically deep value does not throw", () => {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const result = check({ type: "exact" }, [1], deep);
  expect(result.ok).toBe(false);
});

test("diffs are short even for huge values", () => {
  const result = check({ type: "exact" }, "a", "b".repeat(100_000));
  expect(result.diff!.length).toBeLessThanOrEqual(301);
});
