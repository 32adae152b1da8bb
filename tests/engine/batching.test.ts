/**
 * Micro-batching: concurrent requests for one model share a session.run, and every caller gets
 * exactly the numbers it would have got alone.
 */
import { createEngine, type Engine } from "@/lib/engine";
import { LOAD_TIMEOUT_MS, maxAbsDiff, modelSets } from "./support";

const TEXTS = [
  "我喜欢机器学习", "hello", "The cat sat on the mat and then it sat on the mat again.", "推理", "good model",
  "", "bad", "语义向量 semantic vectors", "a b c d e f g", "中国人", "fast slow fast slow", "the",
];

describe.each(modelSets())("micro-batching on $label", (set) => {
  let batched: Engine;
  let solo: Engine;
  beforeAll(async () => {
    batched = await createEngine({ modelsDir: set.dir, batchWindowMs: 20, maxBatch: 8 });
    solo = await createEngine({ modelsDir: set.dir, batchWindowMs: 0 });
  }, LOAD_TIMEOUT_MS);
  afterAll(async () => {
    await batched?.close();
    await solo?.close();
  });

  test.each(["word2vec", "bert"] as const)("concurrent %s embeds equal one-at-a-time embeds", async (which) => {
    const model = which === "word2vec" ? set.word2vec : set.bert;
    const runsBefore = batched.stats().models[model]?.runs ?? 0;
    const together = await Promise.all(TEXTS.map((text) => batched.embed(model, [text])));
    const runs = (batched.stats().models[model]?.runs ?? 0) - runsBefore;
    for (const [i, text] of TEXTS.entries()) {
      const alone = await solo.embed(model, [text]);
      expect(maxAbsDiff(together[i].vectors, alone.vectors)).toBeLessThan(1e-5);
    }
    // 12 single-text requests, at most 8 rows per run: fused into 2 runs (fewer if some had no tokens).
    expect(runs).toBeLessThanOrEqual(2);
    expect(Math.max(...together.map((r) => r.trace.runBatchSize))).toBe(8);
    for (const result of together) expect(result.trace.batchSize).toBe(1);
  });

  test("concurrent classify and raw forward calls of different lengths get their own slices", async () => {
    const tokenized = TEXTS.map((text) => batched.tokenize(set.bertCls, text));
    const forwards = tokenized.map((t) => batched.forward(set.bertCls, { input_ids: [t.input_ids], attention_mask: [t.attention_mask] }));
    const classifying = batched.classify(set.bertCls, TEXTS.slice(0, 3), { labels: [0, 1, 0] });
    const together = await Promise.all(forwards);
    const classified = await classifying;
    for (const [i, t] of tokenized.entries()) {
      const alone = await solo.forward(set.bertCls, { input_ids: [t.input_ids], attention_mask: [t.attention_mask] });
      expect(maxAbsDiff(together[i].outputs, alone.outputs)).toBeLessThan(1e-5);
    }
    const aloneClassified = await solo.classify(set.bertCls, TEXTS.slice(0, 3), { labels: [0, 1, 0] });
    expect(maxAbsDiff(classified.predictions.map((p) => [...p.probs, p.loss!]), aloneClassified.predictions.map((p) => [...p.probs, p.loss!]))).toBeLessThan(1e-5);
  });

  test("sequence outputs are trimmed back to each caller's length", async () => {
    const short = batched.tokenize(set.bert, "hi").input_ids;
    const long = batched.tokenize(set.bert, "我喜欢机器学习 and inference models").input_ids;
    const [a, b] = await Promise.all([
      batched.forward(set.bert, { input_ids: [short] }),
      batched.forward(set.bert, { input_ids: [long] }),
    ]);
    expect(a.trace.runBatchSize).toBe(2);
    expect((a.outputs.last_hidden_state as number[][][])[0]).toHaveLength(short.length);
    expect((b.outputs.last_hidden_state as number[][][])[0]).toHaveLength(long.length);
    const aloneLong = await solo.forward(set.bert, { input_ids: [long] });
    expect(maxAbsDiff(b.outputs, aloneLong.outputs)).toBeLessThan(1e-5);
  });

  test("a request larger than maxBatch runs alone and whole", async () => {
    const texts = Array.from({ length: 20 }, (_, i) => `hello ${"world ".repeat(i % 5)}`);
    const [big, small] = await Promise.all([batched.embed(set.bert, texts), batched.embed(set.bert, ["hello"])]);
    expect(big.vectors).toHaveLength(20);
    expect(big.trace.runBatchSize).toBe(20);
    expect(small.trace.runBatchSize).toBe(1);
    expect(maxAbsDiff(big.vectors, (await solo.embed(set.bert, texts)).vectors)).toBeLessThan(1e-5);
  });

  test("the batching wait is part of forward and reported as queueNs", async () => {
    const lone = await batched.embed(set.bert, ["hello"]);
    expect(lone.trace.queueNs).toBeGreaterThanOrEqual(15e6);
    expect(lone.trace.queueNs).toBeLessThan(lone.trace.stagesNs.forward);
    const unbatched = await solo.embed(set.bert, ["hello"]);
    expect(unbatched.trace.queueNs).toBeLessThan(1e6);
  });

  test("window 0 disables batching: one run per request", async () => {
    const runsBefore = solo.stats().models[set.bert]?.runs ?? 0;
    const results = await Promise.all(TEXTS.map((text) => solo.embed(set.bert, [text])));
    expect((solo.stats().models[set.bert]?.runs ?? 0) - runsBefore).toBe(TEXTS.length);
    for (const result of results) expect(result.trace.runBatchSize).toBe(1);
  });

  test("a failing request in a fused batch fails only its own caller", async () => {
    const results = await Promise.allSettled([
      batched.embed(set.bert, ["fine"]),
      batched.forward(set.bert, { input_ids: [[-5]] }),
      batched.embed(set.bert, ["also fine"]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });
});
