/**
 * The concept-answer scorer against the real Word2Vec model (models/word2vec) and the real seed
 * question's key points. The model folder is copied into a temp models dir with its own manifest so
 * the test does not depend on which other models are built yet.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { createEngine, type Engine } from "@/lib/engine";
import { lexicalCoverage, scoreAnswer } from "@/lib/grader/concept/score-answer";

const ROOT = path.resolve(__dirname, "../..");
let engine: Engine;
let dir: string;

interface SeedContent { keyPoints: string[] }
const seed = YAML.parse(fs.readFileSync(path.join(ROOT, "prisma/bank/concept/llm-inference-key-steps.yaml"), "utf8")) as { content: { zh: SeedContent; en: SeedContent } };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-concept-"));
  const src = path.join(ROOT, "models/word2vec");
  fs.cpSync(src, path.join(dir, "word2vec"), { recursive: true });
  const files = Object.fromEntries(
    ["config.json", "vocab.json", "onnx/model.onnx"].map((f) => [f, createHash("sha256").update(fs.readFileSync(path.join(src, f))).digest("hex")]),
  );
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ version: 1, models: [{ name: "word2vec", kind: "word2vec", path: "word2vec", files }] }));
  engine = await createEngine({ modelsDir: dir, batchWindowMs: 0 });
}, 60_000);

afterAll(async () => {
  await engine?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const ZH_FULL =
  "首先对文本做分词，得到 token id 和 attention mask。然后做前向传播，经过嵌入层和多层 Transformer 得到 logits。最后后处理，用 softmax 得到类别概率或者采样解码成文本。反馈调整其实是训练，推理时权重是冻结的，不做反向传播。";
const EN_FULL =
  "First the text is tokenized into token ids and an attention mask is built. Then the forward pass runs the embeddings through the Transformer layers to get logits. Post-processing applies softmax or sampling to decode text. Feedback adjustment is training; at inference weights are frozen with no backward pass. Generation loops: prefill the prompt then decode one token at a time.";

describe("scoreAnswer with the real Word2Vec model", () => {
  it.each([
    { name: "zh answer covering the first four points", locale: "zh" as const, answer: ZH_FULL, covered: [true, true, true, true, false] },
    { name: "en answer covering all five points", locale: "en" as const, answer: EN_FULL, covered: [true, true, true, true, true] },
    { name: "zh vague answer", locale: "zh" as const, answer: "我觉得推理就是把数据丢进模型然后得到答案，速度越快越好。", covered: [false, false, false, false, false] },
    { name: "en off-topic answer", locale: "en" as const, answer: "I like to walk my dog in the park on sunny afternoons.", covered: [false, false, false, false, false] },
    // Since ADR 0603 the fourth point counts as contradicted: "不会根据误差更新参数" negates the words of "根据误差更新参数属于训练"
    // in another context (inference), which word-level negation scope cannot tell apart. A known, documented false alarm.
    { name: "zh answer about training only", locale: "zh" as const, answer: "推理时权重冻结，不会根据误差更新参数，那是训练阶段做的反向传播。", covered: [false, false, false, false, false] },
  ])("$name", async ({ locale, answer, covered }) => {
    const result = await scoreAnswer({ answer, keyPoints: seed.content[locale].keyPoints, locale, engine });
    expect(result.keyPoints.map((k) => k.covered)).toEqual(covered);
    expect(result.score).toBeCloseTo(covered.filter(Boolean).length / covered.length, 10);
    for (const k of result.keyPoints) {
      expect(k.semantic).toBeGreaterThanOrEqual(0);
      expect(k.semantic).toBeLessThanOrEqual(1.000001);
      expect(k.lexical).toBeGreaterThanOrEqual(0);
      expect(k.lexical).toBeLessThanOrEqual(1);
    }
  });

  it("ranks a good answer's semantic signal above an off-topic one for every key point", async () => {
    const kps = seed.content.en.keyPoints;
    const good = await scoreAnswer({ answer: EN_FULL, keyPoints: kps, locale: "en", engine });
    const off = await scoreAnswer({ answer: "I like to walk my dog in the park on sunny afternoons.", keyPoints: kps, locale: "en", engine });
    good.keyPoints.forEach((k, i) => expect(k.semantic).toBeGreaterThan(off.keyPoints[i].semantic));
  });

  it("scores an empty answer and an empty key list as zero without calling the model", async () => {
    expect(await scoreAnswer({ answer: "", keyPoints: ["a key point"], locale: "en", engine })).toEqual({
      score: 0,
      keyPoints: [{ text: "a key point", covered: false, semantic: 0, lexical: 0, contradicted: false }],
      stuffed: false,
    });
    expect(await scoreAnswer({ answer: "anything", keyPoints: [], locale: "en", engine })).toEqual({ score: 0, keyPoints: [], stuffed: false });
  });
});

describe("lexicalCoverage", () => {
  it.each([
    { keyPoint: "权重冻结，没有反向传播", answer: "推理时权重是冻结的", expected: 0.5 },
    { keyPoint: "输入处理：分词得到 token id", answer: "先分词得到 token id……", expected: 4 / 6 },
    { keyPoint: "the weights are frozen, no backward pass", answer: "Weights stay FROZEN.", expected: 2 / 4 },
    { keyPoint: "的 了 和", answer: "的了和", expected: 0 },
  ])("$keyPoint vs $answer → $expected", ({ keyPoint, answer, expected }) => {
    expect(lexicalCoverage(keyPoint, answer)).toBeCloseTo(expected, 10);
  });
});
