import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import * as ort from "onnxruntime-node";

const MODELS = join(__dirname, "..", "..", "models");
const read = (model: string, file: string) => JSON.parse(readFileSync(join(MODELS, model, file), "utf8"));

function loadTokenizer(model: string): Tokenizer {
  return new Tokenizer(read(model, "tokenizer.json"), read(model, "tokenizer_config.json"));
}

function int64(rows: number[][]): ort.Tensor {
  return new ort.Tensor("int64", BigInt64Array.from(rows.flat().map((x) => BigInt(x))), [rows.length, rows[0].length]);
}

describe("BERT tokenizer files (models/bert, models/bert-cls)", () => {
  it("both models ship the same vocabulary and tokenizer", () => {
    for (const file of ["tokenizer.json", "vocab.txt", "tokenizer_config.json"]) {
      expect(readFileSync(join(MODELS, "bert-cls", file), "utf8")).toBe(readFileSync(join(MODELS, "bert", file), "utf8"));
    }
  });

  it("vocab.txt and tokenizer.json agree, with the BERT specials first", () => {
    const lines = readFileSync(join(MODELS, "bert", "vocab.txt"), "utf8").trimEnd().split("\n");
    expect(lines.slice(0, 5)).toEqual(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]);
    const vocab = read("bert", "tokenizer.json").model.vocab as Record<string, number>;
    expect(Object.keys(vocab).length).toBe(lines.length);
    lines.forEach((token, id) => expect(vocab[token]).toBe(id));
    expect(read("bert", "config.json").vocab_size).toBe(lines.length);
  });

  it('tokenizes "我喜欢吃饭 Hello, world!" into one token per CJK character and English word pieces', () => {
    const encoded = loadTokenizer("bert").encode("我喜欢吃饭 Hello, world!");
    expect(encoded.tokens).toEqual(["[CLS]", "我", "喜", "欢", "吃", "饭", "he", "##ll", "##o", ",", "world", "!", "[SEP]"]);
    expect(encoded.ids[0]).toBe(2);
    expect(encoded.ids[encoded.ids.length - 1]).toBe(3);
    expect(encoded.ids).not.toContain(1); // no [UNK]
  });

  it("builds sentence pairs as [CLS] A [SEP] B [SEP] with token type 1 for B", () => {
    const encoded = loadTokenizer("bert").encode("你好", { text_pair: "world", return_token_type_ids: true });
    expect(encoded.tokens).toEqual(["[CLS]", "你", "好", "[SEP]", "world", "[SEP]"]);
    expect(encoded.token_type_ids).toEqual([0, 0, 0, 0, 1, 1]);
  });
});

describe("models/bert (encoder)", () => {
  it("maps input_ids/attention_mask/token_type_ids to last_hidden_state [batch, seq, hidden]", async () => {
    const config = read("bert", "config.json");
    expect(config).toMatchObject({ model_type: "bert", hidden_act: "gelu", pad_token_id: 0 });
    const session = await ort.InferenceSession.create(join(MODELS, "bert", "onnx", "model.onnx"));
    expect([...session.inputNames].sort()).toEqual(["attention_mask", "input_ids", "token_type_ids"]);
    expect(session.outputNames).toEqual(["last_hidden_state"]);
    const ids = loadTokenizer("bert").encode("我喜欢吃饭 Hello, world!").ids;
    const out = await session.run({
      input_ids: int64([ids, ids]),
      attention_mask: int64([ids.map(() => 1), ids.map(() => 1)]),
      token_type_ids: int64([ids.map(() => 0), ids.map(() => 0)]),
    });
    const hidden = out.last_hidden_state;
    expect(hidden.dims).toEqual([2, ids.length, config.hidden_size]);
    const data = hidden.data as Float32Array;
    expect(data.every(Number.isFinite)).toBe(true);
    // Identical rows in the batch give identical outputs.
    const half = data.length / 2;
    expect(Math.max(...data.slice(0, half).map((x, i) => Math.abs(x - data[half + i])))).toBeLessThan(1e-5);
  });
});

describe("models/bert-cls (classifier)", () => {
  const config = read("bert-cls", "config.json");
  const quality = read("bert-cls", "quality.json");

  it("labels its logits with id2label in order", async () => {
    const labels = Object.keys(config.id2label).sort((a, b) => Number(a) - Number(b)).map((k) => config.id2label[k]);
    expect(labels).toEqual(quality.labels);
    labels.forEach((label: string, i: number) => expect(config.label2id[label]).toBe(i));
    const session = await ort.InferenceSession.create(join(MODELS, "bert-cls", "onnx", "model.onnx"));
    expect(session.outputNames).toEqual(["logits"]);
    const ids = loadTokenizer("bert-cls").encode("一款多人在线的赛车游戏").ids;
    const out = await session.run({
      input_ids: int64([ids]),
      attention_mask: int64([ids.map(() => 1)]),
      token_type_ids: int64([ids.map(() => 0)]),
    });
    expect(out.logits.dims).toEqual([1, labels.length]);
  });

  it("labels Debian package descriptions with groups of Debian sections", () => {
    expect(quality.labels).toEqual(["games", "multimedia", "graphics", "science", "network", "programming"]);
    expect(Object.keys(quality.label_sections)).toEqual(quality.labels);
  });

  it.each([
    ["一款多人在线的 3D 赛车游戏，玩家可以在不同的赛道上比赛。", "games"],
    ["Audio player for music files with playlists; plays MP3, Ogg Vorbis and FLAC.", "multimedia"],
    ["Image editor for drawing and retouching photos, with layers, brushes and filters.", "graphics"],
    ["分子动力学模拟软件，用于化学和物理研究中的数值计算。", "science"],
    ["A mail server that delivers e-mail over SMTP and serves IMAP mailboxes to clients.", "network"],
    ["C and C++ compiler front end with a debugger and static analysis tools for developers.", "programming"],
  ])("classifies a clear-cut sentence: %s → %s", async (text, expected) => {
    const session = await ort.InferenceSession.create(join(MODELS, "bert-cls", "onnx", "model.onnx"));
    const ids = loadTokenizer("bert-cls").encode(text).ids;
    const out = await session.run({
      input_ids: int64([ids]),
      attention_mask: int64([ids.map(() => 1)]),
      token_type_ids: int64([ids.map(() => 0)]),
    });
    const logits = Array.from(out.logits.data as Float32Array);
    expect(config.id2label[String(logits.indexOf(Math.max(...logits)))]).toBe(expected);
  });

  it("is clearly better than the majority class and than naive Bayes on the same held-out descriptions", () => {
    expect(quality.examples).toBeGreaterThan(300);
    expect(quality.examples_zh).toBeGreaterThan(20);
    expect(quality.accuracy).toBeGreaterThan(quality.majority_baseline_accuracy + 0.1);
    expect(quality.accuracy).toBeGreaterThan(quality.naive_bayes_bag_of_pieces_accuracy + 0.01);
    // "clearly": at least three standard errors of the classifier's held-out accuracy above naive Bayes
    const se = Math.sqrt((quality.accuracy * (1 - quality.accuracy)) / quality.examples);
    expect(quality.accuracy - quality.naive_bayes_bag_of_pieces_accuracy).toBeGreaterThan(3 * se);
  });
});
