/**
 * The committed decoder models (models/gpt, models/gpt-draft): tokenizer round trips and special ids,
 * the ONNX I/O contract (names, shapes), prefill + cached decode == full recomputation, left padding,
 * and the measured quality (held-out perplexity against the bigram baseline).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import * as ort from "onnxruntime-node";

const MODELS = join(__dirname, "..", "..", "models");
const read = (model: string, file: string) => JSON.parse(readFileSync(join(MODELS, model, file), "utf8"));
const loadTokenizer = (model: string) => new Tokenizer(read(model, "tokenizer.json"), read(model, "tokenizer_config.json"));
const int64 = (rows: number[][]) => new ort.Tensor("int64", BigInt64Array.from(rows.flat().map((x) => BigInt(x))), [rows.length, rows[0].length]);
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

const TEXTS = [
  "The river flows into the sea.",
  "网络配置文件位于 /etc/network/interfaces。",
  "床前明月光，疑是地上霜。",
  "mixed 中英文 text, with numbers 3.14 and emoji 😀👍🏽 and ❤️",
  "  leading and trailing spaces  ",
  "tabs\tand\nnewlines\r\n",
  "family 👨‍👩‍👧‍👦 zwj",
  "don't; it's; we'll",
];

describe.each(["gpt", "gpt-draft"])("models/%s", (name) => {
  const config = read(name, "config.json");
  const tokenizer = loadTokenizer(name);
  let session: ort.InferenceSession;
  beforeAll(async () => {
    session = await ort.InferenceSession.create(join(MODELS, name, "onnx", "model.onnx"));
  });

  it("uses the same tokenizer files as gpt (so draft and target ids agree)", () => {
    for (const file of ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"]) {
      expect(readFileSync(join(MODELS, name, file), "utf8")).toBe(readFileSync(join(MODELS, "gpt", file), "utf8"));
    }
  });

  it("round-trips zh, en, emoji and whitespace text through encode/decode, with <|endoftext|> as the last id", () => {
    for (const text of TEXTS) {
      const { ids } = tokenizer.encode(text, { add_special_tokens: false });
      expect(ids.every((id) => id >= 0 && id < config.vocab_size - 1)).toBe(true);
      expect(tokenizer.decode(ids, { skip_special_tokens: false })).toBe(text);
    }
    expect(config.eos_token_id).toBe(config.vocab_size - 1);
    expect(tokenizer.encode("a<|endoftext|>b", { add_special_tokens: false }).ids).toEqual([
      tokenizer.encode("a").ids[0], config.eos_token_id, tokenizer.encode("b").ids[0],
    ]);
  });

  it("has the Hugging Face decoder-export inputs and outputs", () => {
    const past = range(0, config.n_layer).flatMap((i) => [`past_key_values.${i}.key`, `past_key_values.${i}.value`]);
    const present = range(0, config.n_layer).flatMap((i) => [`present.${i}.key`, `present.${i}.value`]);
    expect(session.inputNames).toEqual(["input_ids", "attention_mask", "position_ids", ...past]);
    expect(session.outputNames).toEqual(["logits", ...present]);
    expect(config.n_embd / config.n_head).toBe(config.head_dim);
    expect(config.max_length).toBe(config.n_positions);
  });

  async function run(ids: number[][], mask: number[][], pos: number[][], past: ort.InferenceSession.OnnxValueMapType | null) {
    const feeds: Record<string, ort.Tensor> = { input_ids: int64(ids), attention_mask: int64(mask), position_ids: int64(pos) };
    for (let i = 0; i < config.n_layer; i++) {
      for (const kind of ["key", "value"]) {
        feeds[`past_key_values.${i}.${kind}`] = (past?.[`present.${i}.${kind}`] as ort.Tensor | undefined) ??
          new ort.Tensor("float32", new Float32Array(0), [ids.length, config.n_head, 0, config.head_dim]);
      }
    }
    return session.run(feeds);
  }
  const rowLogits = (t: ort.Tensor, row: number, from: number, to: number) => {
    const [, seq, vocab] = t.dims;
    return Array.from(t.data as Float32Array).slice((row * seq + from) * vocab, (row * seq + to) * vocab);
  };
  const maxDiff = (a: number[], b: number[]) => {
    expect(a.length).toBe(b.length);
    return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
  };

  it("gives the same logits with the KV cache (prefill, then one token per step) as a full recomputation", async () => {
    const ids = tokenizer.encode("The river flows into the sea and the", { add_special_tokens: false }).ids;
    const n = ids.length;
    const full = await run([ids], [ids.map(() => 1)], [range(0, n)], null);
    const p = n - 3;
    let out = await run([ids.slice(0, p)], [Array(p).fill(1)], [range(0, p)], null);
    expect((out["present.0.key"] as ort.Tensor).dims).toEqual([1, config.n_head, p, config.head_dim]);
    for (let t = p; t < n; t++) {
      out = await run([[ids[t]]], [Array(t + 1).fill(1)], [[t]], out);
      expect((out["present.0.key"] as ort.Tensor).dims).toEqual([1, config.n_head, t + 1, config.head_dim]);
      expect(maxDiff(rowLogits(out.logits as ort.Tensor, 0, 0, 1), rowLogits(full.logits as ort.Tensor, 0, t, t + 1))).toBeLessThan(1e-4);
    }
  });

  it("gives a left-padded row the logits of the unpadded row for its real tokens", async () => {
    const long = tokenizer.encode("网络配置文件位于 /etc/network/interfaces。", { add_special_tokens: false }).ids;
    const short = tokenizer.encode("春风", { add_special_tokens: false }).ids;
    const pad = long.length - short.length;
    expect(pad).toBeGreaterThan(0);
    const eos = config.eos_token_id;
    const batch = await run(
      [long, [...Array(pad).fill(eos), ...short]],
      [long.map(() => 1), [...Array(pad).fill(0), ...short.map(() => 1)]],
      [range(0, long.length), [...Array(pad).fill(0), ...range(0, short.length)]],
      null,
    );
    const alone = await run([short], [short.map(() => 1)], [range(0, short.length)], null);
    const got = rowLogits(batch.logits as ort.Tensor, 1, pad, long.length);
    expect(got.every(Number.isFinite)).toBe(true);
    expect(maxDiff(got, rowLogits(alone.logits as ort.Tensor, 0, 0, short.length))).toBeLessThan(1e-4);
  });

  it("records held-out perplexity and the bigram baseline on the same tokens, with zh and en samples", () => {
    const q = read(name, "quality.json");
    expect(q.heldout_tokens).toBeGreaterThan(50000);
    expect(q.heldout_perplexity).toBeGreaterThan(1);
    expect(q.bigram_heldout_perplexity).toBeGreaterThan(1);
    expect(q.samples.filter((s: { lang: string }) => s.lang === "zh")).toHaveLength(3);
    expect(q.samples.filter((s: { lang: string }) => s.lang === "en")).toHaveLength(3);
  });
});

describe("decoder quality (held-out perplexity, models/*/quality.json)", () => {
  const gpt = read("gpt", "quality.json");
  const draft = read("gpt-draft", "quality.json");

  it("measures both decoders and the baselines on the same held-out tokens", () => {
    expect(gpt.heldout_tokens).toBe(draft.heldout_tokens);
    expect(gpt.bigram_heldout_perplexity).toBe(draft.bigram_heldout_perplexity);
    expect(gpt.unigram_heldout_perplexity).toBe(draft.unigram_heldout_perplexity);
    // add-k smoothing is a real baseline: the bigram is far better than the unigram
    expect(gpt.bigram_heldout_perplexity).toBeLessThan(gpt.unigram_heldout_perplexity / 3);
  });

  it("both decoders use their context (far below the unigram baseline) and gpt is the stronger one", () => {
    for (const q of [gpt, draft]) expect(q.heldout_perplexity).toBeLessThan(q.unigram_heldout_perplexity / 3);
    expect(gpt.heldout_perplexity).toBeLessThan(draft.heldout_perplexity);
  });

  it("gpt is better than the add-k bigram on the same held-out tokens", () => {
    expect(gpt.heldout_perplexity).toBeLessThan(gpt.bigram_heldout_perplexity);
  });
});
