/**
 * The engine's answers, checked against plain TypeScript recomputations from raw forward outputs,
 * on the tiny fixtures and on the project's real models.
 */
import { createEngine, type Engine, type Word2VecTokenizeResult, type BertTokenizeResult } from "@/lib/engine";
import { LOAD_TIMEOUT_MS, maxAbsDiff, modelSets, norm } from "./support";

const SENTENCES = ["我喜欢机器学习", "The cat sat on the mat.", "推理模型 hello world", "good", "完全没有的词 qwxz"];

function meanPoolNormalised(hidden: number[][], mask: number[]): number[] {
  const dim = hidden[0].length;
  const sum = new Array<number>(dim).fill(0);
  let count = 0;
  hidden.forEach((vector, t) => {
    if (mask[t] !== 1) return;
    count++;
    vector.forEach((v, d) => (sum[d] += v));
  });
  if (count === 0) return sum;
  const mean = sum.map((v) => v / count);
  const n = norm(mean);
  return n === 0 ? mean : mean.map((v) => v / n);
}

function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

describe.each(modelSets())("engine on $label", (set) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ modelsDir: set.dir, batchWindowMs: 0 });
  }, LOAD_TIMEOUT_MS);
  afterAll(() => engine?.close());

  test("lists the three kinds with consistent info", () => {
    const kinds = Object.fromEntries(engine.listModels().map((m) => [m.name, m.kind]));
    expect(kinds).toMatchObject({ [set.word2vec]: "word2vec", [set.bert]: "bert", [set.bertCls]: "bert-cls" });
    const w2v = engine.info(set.word2vec);
    expect(w2v.inputs).toEqual(["input_ids"]);
    expect(w2v.outputs).toContain("vectors");
    expect(w2v.dim).toBeGreaterThan(0);
    const cls = engine.info(set.bertCls);
    expect(cls.inputs).toContain("attention_mask");
    expect(cls.outputs).toContain("logits");
    expect(engine.labels(set.bertCls)).toEqual(cls.labels);
    expect(engine.labels(set.bertCls).length).toBeGreaterThanOrEqual(2);
    expect(engine.info(set.bert).outputs).toContain("last_hidden_state");
  });

  test("word2vec tokenize returns only in-vocabulary words and reports the rest", () => {
    const result = engine.tokenize(set.word2vec, "我喜欢机器学习 qwxzqwxz") as Word2VecTokenizeResult;
    expect(result.oov).toContain("qwxzqwxz");
    expect(result.tokens).not.toContain("qwxzqwxz");
    expect(result.input_ids.length).toBe(result.tokens.length);
    expect(result.attention_mask).toEqual(result.input_ids.map(() => 1));
    for (const id of result.input_ids) expect(id).toBeLessThan(engine.info(set.word2vec).vocab_size);
    expect(engine.tokenize(set.word2vec, "")).toEqual({ input_ids: [], tokens: [], attention_mask: [], oov: [] });
  });

  test("word2vec embed = normalised mean of the forward vectors of in-vocabulary tokens", async () => {
    const { vectors, trace } = await engine.embed(set.word2vec, SENTENCES);
    const dim = engine.info(set.word2vec).dim;
    for (const [i, text] of SENTENCES.entries()) {
      const tokens = engine.tokenize(set.word2vec, text) as Word2VecTokenizeResult;
      expect(vectors[i]).toHaveLength(dim);
      if (tokens.input_ids.length === 0) {
        expect(vectors[i]).toEqual(new Array(dim).fill(0));
        continue;
      }
      const { outputs } = await engine.forward(set.word2vec, { input_ids: [tokens.input_ids] });
      const expected = meanPoolNormalised((outputs.vectors as number[][][])[0], tokens.attention_mask);
      expect(norm(vectors[i])).toBeCloseTo(1, 6);
      expect(maxAbsDiff(vectors[i], expected)).toBeLessThan(1e-6);
    }
    expect(trace).toMatchObject({ model: set.word2vec, batchSize: SENTENCES.length });
    expect(trace.stagesNs.forward).toBeGreaterThan(0);
  });

  test("a text with no known word embeds to the zero vector", async () => {
    const { vectors, trace } = await engine.embed(set.word2vec, ["qwxzqwxz", "!!!"]);
    const zeros = new Array(engine.info(set.word2vec).dim).fill(0);
    expect(vectors).toEqual([zeros, zeros]);
    expect(trace.tokens).toBe(0);
  });

  test("bert embed = attention-masked mean of last_hidden_state, L2-normalised", async () => {
    const { vectors } = await engine.embed(set.bert, SENTENCES);
    for (const [i, text] of SENTENCES.entries()) {
      const tokens = engine.tokenize(set.bert, text) as BertTokenizeResult;
      const { outputs } = await engine.forward(set.bert, { input_ids: [tokens.input_ids], attention_mask: [tokens.attention_mask] });
      const expected = meanPoolNormalised((outputs.last_hidden_state as number[][][])[0], tokens.attention_mask);
      expect(norm(vectors[i])).toBeCloseTo(1, 6);
      expect(maxAbsDiff(vectors[i], expected)).toBeLessThan(1e-5);
    }
  });

  test("classify: probs sum to 1, equal softmax(logits), loss is the cross-entropy", async () => {
    const labels = SENTENCES.map((_, i) => i % engine.labels(set.bertCls).length);
    const { predictions, trace } = await engine.classify(set.bertCls, SENTENCES, { labels });
    expect(trace.stagesNs.feedback).toBeGreaterThan(0);
    for (const [i, text] of SENTENCES.entries()) {
      const tokens = engine.tokenize(set.bertCls, text) as BertTokenizeResult;
      const { outputs } = await engine.forward(set.bertCls, { input_ids: [tokens.input_ids], attention_mask: [tokens.attention_mask] });
      const logits = (outputs.logits as number[][])[0];
      const probs = softmax(logits);
      const prediction = predictions[i];
      expect(prediction.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
      expect(maxAbsDiff(prediction.probs, probs)).toBeLessThan(1e-5);
      expect(prediction.label).toBe(engine.labels(set.bertCls)[probs.indexOf(Math.max(...probs))]);
      expect(prediction.loss).toBeCloseTo(-Math.log(probs[labels[i]]), 4);
    }
  });

  test("classify without labels has no loss and no feedback stage", async () => {
    const { predictions, trace } = await engine.classify(set.bertCls, ["hello"]);
    expect(predictions[0].loss).toBeUndefined();
    expect(trace.stagesNs.feedback).toBeUndefined();
  });

  test("forward fills token_type_ids and attention_mask when absent", async () => {
    const ids = (engine.tokenize(set.bertCls, "hello world") as BertTokenizeResult).input_ids;
    const bare = await engine.forward(set.bertCls, { input_ids: [ids] });
    const full = await engine.forward(set.bertCls, { input_ids: [ids], attention_mask: [ids.map(() => 1)], token_type_ids: [ids.map(() => 0)] });
    expect(maxAbsDiff(bare.outputs.logits, full.outputs.logits)).toBe(0);
    expect((bare.outputs.logits as number[][])[0]).toHaveLength(engine.labels(set.bertCls).length);
  });

  test("encode returns one hidden vector per token of each text", async () => {
    const { hidden, trace } = await engine.encode(set.bert, ["hello", "我喜欢机器学习"]);
    const lengths = ["hello", "我喜欢机器学习"].map((t) => (engine.tokenize(set.bert, t) as BertTokenizeResult).input_ids.length);
    expect(hidden.map((h) => h.length)).toEqual(lengths);
    expect(hidden[1][0]).toHaveLength(engine.info(set.bert).dim);
    expect(trace.tokens).toBe(lengths[0] + lengths[1]);
  });

  test("stats count every pipeline call per model and stage", async () => {
    const before = engine.stats().models[set.bert]?.stages.forward?.count ?? 0;
    await engine.embed(set.bert, ["hello"]);
    const after = engine.stats().models[set.bert];
    expect(after.stages.forward!.count).toBe(before + 1);
    const histogram = after.stages.input!;
    expect(histogram.buckets.at(-1)!.count).toBeLessThanOrEqual(histogram.count);
    expect(histogram.sum).toBeGreaterThan(0);
  });
});
