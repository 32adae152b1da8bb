/** The math after the forward pass and the stage timer, on hand-computed values. */
import { argmax, crossEntropy, l2Normalize, maskedMean, softmax, toNested } from "@/lib/engine/post-process";
import { StageTimer } from "@/lib/engine/stage-timer";

describe("post-processing math", () => {
  test("maskedMean averages only masked-in positions of the right row", () => {
    // 2 rows × 3 positions × 2 dims
    const data = Float32Array.from([1, 2, 3, 4, 9, 9, /* row 1 */ 10, 20, 30, 40, 50, 60]);
    expect(maskedMean(data, 3, 2, 0, [1, 1, 0])).toEqual([2, 3]);
    expect(maskedMean(data, 3, 2, 1, [0, 1, 1])).toEqual([40, 50]);
    expect(maskedMean(data, 3, 2, 1, [0, 0, 0])).toEqual([0, 0]);
    expect(maskedMean(data, 3, 2, 0, [1])).toEqual([1, 2]);
  });

  test("l2Normalize gives unit norm and keeps zero vectors zero", () => {
    expect(l2Normalize([3, 4])).toEqual([0.6, 0.8]);
    expect(l2Normalize([0, 0, 0])).toEqual([0, 0, 0]);
  });

  test("softmax is stable for large logits and sums to 1", () => {
    const probs = softmax([1000, 1000 + Math.log(3)]);
    expect(probs[0]).toBeCloseTo(0.25, 12);
    expect(probs[1]).toBeCloseTo(0.75, 12);
    expect(softmax([-1e4, 0, 1e4])).toEqual([0, 0, 1]);
  });

  test("crossEntropy = -log softmax[label], stable for large logits", () => {
    expect(crossEntropy([0, 0], 1)).toBeCloseTo(Math.LN2, 12);
    expect(crossEntropy([2, 1, 0.1], 0)).toBeCloseTo(-Math.log(softmax([2, 1, 0.1])[0]), 12);
    expect(crossEntropy([1000, 0], 1)).toBeCloseTo(1000, 9);
  });

  test("argmax picks the first of equal maxima", () => {
    expect(argmax([0.1, 0.7, 0.7, 0.2])).toBe(1);
  });

  test("toNested rebuilds row-major tensors", () => {
    expect(toNested(Float32Array.from([1, 2, 3, 4, 5, 6]), [1, 2, 3])).toEqual([[[1, 2, 3], [4, 5, 6]]]);
    expect(toNested([7, 8], [2])).toEqual([7, 8]);
  });
});

describe("StageTimer", () => {
  test("times each stage once per wrap and adds repeated wraps", async () => {
    const timer = new StageTimer();
    const value = timer.measure("input", () => 41 + 1);
    await timer.measureAsync("forward", () => new Promise((resolve) => setTimeout(resolve, 20)));
    timer.measure("post", () => undefined);
    expect(value).toBe(42);
    const { input, forward, post, feedback } = timer.stagesNs;
    expect(forward).toBeGreaterThanOrEqual(15e6);
    expect(input).toBeGreaterThan(0);
    expect(input).toBeLessThan(forward);
    expect(post).toBeGreaterThan(0);
    expect(feedback).toBeUndefined();
  });

  test("a step that throws still gets its time recorded", () => {
    const timer = new StageTimer();
    expect(() => timer.measure("feedback", () => { throw new Error("boom"); })).toThrow("boom");
    expect(timer.stagesNs.feedback).toBeGreaterThan(0);
  });
});
