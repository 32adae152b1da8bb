/**
 * How per-test verdicts roll up to the submission's verdict and score.
 *
 * Verdict: IE if any test hit an internal error (never the user's fault; the worker retries), otherwise the
 * verdict of the first test (in test order) that was not accepted, otherwise AC. Test order is the order the
 * question author chose (samples first), so the first failure is the one the user should look at.
 * Score: the weighted share of accepted tests, 0..1.
 *
 * @example
 *   rollUp([{ verdict: "AC" }, { verdict: "WA" }], [1, 3]) // → { verdict: "WA", score: 0.25 }
 */
import type { Verdict } from "./types";

export function rollUp(tests: { verdict: Verdict }[], weights: number[]): { verdict: Verdict; score: number } {
  if (tests.length === 0) return { verdict: "IE", score: 0 };
  const weightOf = (i: number) => (Number.isFinite(weights[i]) && weights[i] > 0 ? weights[i] : 1);
  let total = 0;
  let passed = 0;
  tests.forEach((t, i) => {
    total += weightOf(i);
    if (t.verdict === "AC") passed += weightOf(i);
  });
  const score = total > 0 ? Math.round((passed / total) * 1e6) / 1e6 : 0;
  if (tests.some((t) => t.verdict === "IE")) return { verdict: "IE", score };
  const firstFailure = tests.find((t) => t.verdict !== "AC");
  return { verdict: firstFailure ? firstFailure.verdict : "AC", score };
}
