import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { wordTokenize } from "@/lib/engine/word-tokenizer";

const DIR = join(__dirname, "..", "..", "models", "word2vec");
const config = JSON.parse(readFileSync(join(DIR, "config.json"), "utf8"));
const vocab = JSON.parse(readFileSync(join(DIR, "vocab.json"), "utf8")) as string[];
const index = new Map(vocab.map((w, i) => [w, i]));

let session: ort.InferenceSession;
let unit: Float32Array; // every vocabulary vector, read through the real ONNX graph, L2-normalised

async function vectors(ids: number[][]): Promise<ort.Tensor> {
  const flat = BigInt64Array.from(ids.flat().map((i) => BigInt(i)));
  const out = await session.run({ input_ids: new ort.Tensor("int64", flat, [ids.length, ids[0].length]) });
  return out.vectors;
}

/** The k words with the highest cosine to `word` (excluding itself and [PAD]). */
function nearest(word: string, k: number): string[] {
  const dim = config.dim as number;
  const id = index.get(word);
  if (id === undefined) throw new Error(`${word} is not in the vocabulary`);
  const scored: [number, string][] = [];
  for (let i = 1; i < vocab.length; i++) {
    if (i === id) continue;
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += unit[id * dim + d] * unit[i * dim + d];
    scored.push([dot, vocab[i]]);
  }
  return scored.sort((a, b) => b[0] - a[0]).slice(0, k).map(([, w]) => w);
}

beforeAll(async () => {
  session = await ort.InferenceSession.create(join(DIR, "onnx", "model.onnx"));
  const out = await vectors([vocab.map((_, i) => i)]);
  const dim = config.dim as number;
  unit = Float32Array.from(out.data as Float32Array);
  for (let i = 0; i < vocab.length; i++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += unit[i * dim + d] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dim; d++) unit[i * dim + d] /= norm;
  }
});

describe("models/word2vec", () => {
  it("has the I/O contract the engine relies on", async () => {
    expect(session.inputNames).toEqual(["input_ids"]);
    expect(session.outputNames).toEqual(["vectors"]);
    expect(config).toMatchObject({ model_type: "word2vec", tokenizer: "jieba", lowercase: true, pad_token_id: 0 });
    expect(config.vocab_size).toBe(vocab.length);
    expect(vocab[0]).toBe("[PAD]");
    expect(vocab.length).toBeGreaterThan(25000);
    const out = await vectors([[0, 1, 2], [3, 4, 5]]);
    expect(out.dims).toEqual([2, 3, config.dim]);
    expect(Array.from((out.data as Float32Array).slice(0, config.dim)).every((x) => x === 0)).toBe(true);
  });

  it("covers the words wordTokenize produces for everyday zh and en text", () => {
    const words = wordTokenize("用户可以通过网络安装软件。The user installs software over the network.");
    const known = words.filter((w) => index.has(w));
    expect(known.length / words.length).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    ["red", ["orange", "yellow", "green", "purple", "blue"]],
    ["music", ["musical", "dance", "jazz", "singing", "songs"]],
    ["river", ["tributary", "flows", "stream", "mississippi"]],
    ["computer", ["computers", "chip", "microprocessor", "software"]],
    ["春", ["秋", "春风", "花"]],
    ["酒", ["醉", "饮", "杯"]],
    ["用户", ["账户", "帐号", "账号", "帐户"]],
    ["网络", ["网络接口", "网络连接", "以太网", "网卡"]],
  ])("neighbours of %s include a related word", (word, related) => {
    const top = nearest(word, 10);
    expect(top.filter((w) => related.includes(w))).not.toEqual([]);
  });
});
