/**
 * Decoder LMs (kind "gpt"): tokenize/decode, prefill and decode with the host-held KV cache, left padding,
 * and the errors a decoding loop can run into. Runs on the tiny fixture (tests/engine/fixtures/gpt-models,
 * checked against torch's own numbers) and on the real models/gpt once it is committed.
 */
import { existsSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { createEngine, type Engine, EngineError, type GptTokenizeResult, KvCache, LIMITS } from "@/lib/engine";
import { LOAD_TIMEOUT_MS, maxAbsDiff, REPO, scratchModels } from "./support";

const FIXTURE_DIR = path.join(REPO, "tests/engine/fixtures/gpt-models");
const REAL_DIR = path.join(REPO, "models");
const expected = JSON.parse(readFileSync(path.join(FIXTURE_DIR, "expected.json"), "utf8")) as Record<string, { prompt: number[]; last_logits: number[]; greedy: number[] }>;

const sets = [{ label: "fixture", dir: FIXTURE_DIR }, ...(existsSync(path.join(REAL_DIR, "gpt", "onnx", "model.onnx")) ? [{ label: "real models/gpt", dir: REAL_DIR }] : [])];

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

const logitsOf = (outputs: Record<string, unknown>) => outputs.logits as number[][];
const pastOf = (outputs: Record<string, unknown>) => outputs.past as KvCache;

describe.each(sets)("decoder LM ($label)", ({ label, dir }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ modelsDir: dir, batchWindowMs: 0, threads: 1 });
  }, LOAD_TIMEOUT_MS);
  afterAll(() => engine?.close());

  test("info tells the decoding loop what it needs", () => {
    const info = engine.info("gpt");
    expect(info).toMatchObject({ name: "gpt", kind: "gpt" });
    for (const field of ["vocab_size", "eos_id", "max_length", "layers", "heads", "head_dim", "pad_id"] as const) {
      expect(Number.isInteger(info[field])).toBe(true);
    }
    expect(info.eos_id!).toBeLessThan(info.vocab_size);
    expect(info.inputs).toEqual(expect.arrayContaining(["input_ids", "attention_mask", "position_ids", "past_key_values.0.key"]));
    expect(engine.info("gpt-draft").vocab_size).toBe(info.vocab_size);
  });

  test.each(["hello the thing", "我喜欢机器学习，也喜欢推理。", "emoji 🙂 and café", " leading space", "a\nb\tc"])("tokenize → decode round-trips %j", (text) => {
    const tokens = engine.tokenize("gpt", text) as GptTokenizeResult;
    expect(tokens.input_ids.length).toBeGreaterThan(0);
    expect(tokens.attention_mask).toEqual(tokens.input_ids.map(() => 1));
    expect(engine.decode("gpt", tokens.input_ids)).toBe(text);
  });

  test("decode: empty list, special tokens kept or skipped, bad ids refused", () => {
    const { eos_id: eos, vocab_size: vocab } = engine.info("gpt");
    const ids = engine.tokenize("gpt", "hi").input_ids;
    expect(engine.decode("gpt", [])).toBe("");
    expect(engine.decode("gpt", [...ids, eos!])).not.toBe("hi");
    expect(engine.decode("gpt", [...ids, eos!], { skipSpecialTokens: true })).toBe("hi");
    expect(() => engine.decode("gpt", [vocab])).toThrow(/ids\[0\] = \d+: token ids must be integers in \[0, \d+\)/);
    expect(() => engine.decode("gpt", "hi")).toThrow(/list of token ids/);
  });

  test("decoding with the KV cache gives the same logits as recomputing the whole sequence", async () => {
    const prompt = engine.tokenize("gpt", "The inference loop: ").input_ids;
    let { outputs, trace } = await engine.forward("gpt", { input_ids: [prompt], past: null });
    expect(trace).toMatchObject({ phase: "prefill", pastLength: 0, tokens: prompt.length, batchSize: 1 });
    const ids = [...prompt];
    for (let step = 0; step < 6; step++) {
      const cached = logitsOf(outputs)[0];
      const full = await engine.forward("gpt", { input_ids: [ids], past: null });
      expect(maxAbsDiff(cached, logitsOf(full.outputs)[0])).toBeLessThan(1e-3);
      const next = argmax(cached);
      ids.push(next);
      ({ outputs, trace } = await engine.forward("gpt", { input_ids: [[next]], past: pastOf(outputs) }));
      expect(trace).toMatchObject({ phase: "decode", pastLength: ids.length - 1, tokens: 1 });
      expect(pastOf(outputs).length).toBe(ids.length);
    }
  });

  test("a prompt prefilled in chunks (past + several new tokens) gives the same logits as one prefill", async () => {
    const ids = engine.tokenize("gpt", "chunked prefill of a longer prompt, in pieces").input_ids;
    const whole = await engine.forward("gpt", { input_ids: [ids], past: null });
    const first = await engine.forward("gpt", { input_ids: [ids.slice(0, 5)], past: null });
    const rest = await engine.forward("gpt", { input_ids: [ids.slice(5)], past: pastOf(first.outputs) });
    expect(rest.trace).toMatchObject({ phase: "decode", pastLength: 5, tokens: ids.length - 5 });
    expect(maxAbsDiff(logitsOf(rest.outputs)[0], logitsOf(whole.outputs)[0])).toBeLessThan(1e-3);
  });

  test("all_logits returns every position; its last row is the default output", async () => {
    const ids = engine.tokenize("gpt", "abc def").input_ids;
    const last = await engine.forward("gpt", { input_ids: [ids] });
    const all = await engine.forward("gpt", { input_ids: [ids], all_logits: true });
    const rows = all.outputs.logits as number[][][];
    expect(rows[0]).toHaveLength(ids.length);
    expect(rows[0][ids.length - 1]).toEqual(logitsOf(last.outputs)[0]);
  });

  test("left-padded rows with an attention mask give the same logits as each row alone, prefill and decode", async () => {
    const pad = engine.info("gpt").pad_id!;
    const short = engine.tokenize("gpt", "hi").input_ids;
    const long = engine.tokenize("gpt", "hello there, the thing").input_ids;
    const width = long.length;
    const padded = [[...new Array(width - short.length).fill(pad), ...short], long];
    const mask = [[...new Array(width - short.length).fill(0), ...short.map(() => 1)], long.map(() => 1)];
    const batch = await engine.forward("gpt", { input_ids: padded, attention_mask: mask, past: null });
    expect(batch.trace.tokens).toBe(short.length + long.length);
    const alone = await Promise.all([short, long].map((ids) => engine.forward("gpt", { input_ids: [ids], past: null })));
    for (const row of [0, 1]) expect(maxAbsDiff(logitsOf(batch.outputs)[row], logitsOf(alone[row].outputs)[0])).toBeLessThan(1e-3);

    // One decode step: the cache remembers the padding; the mask may be given for the new token only, for past + new, or not at all.
    const next = [[argmax(logitsOf(batch.outputs)[0])], [argmax(logitsOf(batch.outputs)[1])]];
    const implicit = await engine.forward("gpt", { input_ids: next, past: pastOf(batch.outputs) });
    const newOnly = await engine.forward("gpt", { input_ids: next, attention_mask: [[1], [1]], past: pastOf(batch.outputs) });
    const full = await engine.forward("gpt", { input_ids: next, attention_mask: mask.map((m) => [...m, 1]), past: pastOf(batch.outputs) });
    const aloneNext = await Promise.all([0, 1].map((row) => engine.forward("gpt", { input_ids: [next[row]], past: pastOf(alone[row].outputs) })));
    for (const row of [0, 1]) {
      for (const variant of [implicit, newOnly, full]) expect(maxAbsDiff(logitsOf(variant.outputs)[row], logitsOf(aloneNext[row].outputs)[0])).toBeLessThan(1e-3);
    }
  });

  test("a past handle stays valid: two continuations of one prefix do not disturb each other", async () => {
    const prefix = await engine.forward("gpt", { input_ids: [engine.tokenize("gpt", "one two").input_ids], past: null });
    const a1 = await engine.forward("gpt", { input_ids: [[5]], past: pastOf(prefix.outputs) });
    await engine.forward("gpt", { input_ids: [[6]], past: pastOf(prefix.outputs) });
    const a2 = await engine.forward("gpt", { input_ids: [[5]], past: pastOf(prefix.outputs) });
    expect(logitsOf(a2.outputs)).toEqual(logitsOf(a1.outputs));
  });

  test.each([
    { name: "past from another model", make: async (e: Engine) => ({ input_ids: [[1]], past: pastOf((await e.forward("gpt-draft", { input_ids: [[1, 2]] })).outputs) }), message: /made by model "gpt-draft"/ },
    { name: "past that is not a cache", make: async () => ({ input_ids: [[1]], past: "kv:1:abc" }), message: /past must be null \(first call\) or the past returned/ },
    { name: "rows differ from the cache", make: async (e: Engine) => ({ input_ids: [[1], [2]], past: pastOf((await e.forward("gpt", { input_ids: [[1, 2]] })).outputs) }), message: /2 rows but past holds 1/ },
    { name: "position_ids given", make: async () => ({ input_ids: [[1]], position_ids: [[0]] }), message: /engine computes them from attention_mask/ },
    { name: "unknown input", make: async () => ({ input_ids: [[1]], token_type_ids: [[0]] }), message: /got "token_type_ids"/ },
    { name: "all_logits not a boolean", make: async () => ({ input_ids: [[1]], all_logits: "yes" }), message: /all_logits must be true or false/ },
    { name: "mask of the wrong width", make: async () => ({ input_ids: [[1, 2]], attention_mask: [[1, 1, 1]] }), message: /attention_mask rows must have 2 values/ },
    { name: "mask value 2", make: async () => ({ input_ids: [[1, 2]], attention_mask: [[1, 2]] }), message: /0 or 1/ },
    { name: "id out of range", make: async (e: Engine) => ({ input_ids: [[e.info("gpt").vocab_size]] }), message: /input_ids\[0\]\[0\]/ },
  ])("refused with a clear message: $name", async ({ make, message }) => {
    const inputs = await make(engine);
    const error = await engine.forward("gpt", inputs as Record<string, unknown>).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe("INVALID_INPUT");
    expect((error as Error).message).toMatch(message);
  });

  test("a sequence longer than max_length is TOO_LARGE, counting the past", async () => {
    const max = engine.info("gpt").max_length;
    const first = await engine.forward("gpt", { input_ids: [new Array(max - 1).fill(1)] });
    await expect(engine.forward("gpt", { input_ids: [[1]], past: pastOf(first.outputs) })).resolves.toBeDefined();
    const full = await engine.forward("gpt", { input_ids: [[1]], past: pastOf(first.outputs) });
    await expect(engine.forward("gpt", { input_ids: [[1]], past: pastOf(full.outputs) })).rejects.toMatchObject({ code: "TOO_LARGE", message: expect.stringMatching(/exceed model "gpt" max_length/) });
  });

  test("encoder pipelines refuse a decoder", async () => {
    await expect(engine.classify("gpt", ["x"])).rejects.toMatchObject({ code: "UNSUPPORTED", message: expect.stringMatching(/decoder LM/) });
    await expect(engine.embed("gpt", ["x"])).rejects.toMatchObject({ code: "UNSUPPORTED" });
  });

  if (label !== "fixture") {
    test("rows × new tokens × vocab above LIMITS.maxDecoderLogits, or all_logits above maxReturnedLogits, is TOO_LARGE before running", async () => {
      const vocab = engine.info("gpt").vocab_size;
      const max = engine.info("gpt").max_length;
      const seq = Math.min(250, max - 1);
      const rowsOver = (limit: number, width: number) => Math.floor(limit / (width * vocab)) + 1;
      const big = rowsOver(LIMITS.maxDecoderLogits, seq);
      expect(big).toBeLessThanOrEqual(64); // within the batch and element limits: only this bound refuses it
      await expect(engine.forward("gpt", { input_ids: Array.from({ length: big }, () => new Array(seq).fill(1)) })).rejects.toMatchObject({
        code: "TOO_LARGE",
        message: expect.stringMatching(/logits exceed 33,554,432 per call; prefill long prompts in chunks \(pass past\)/),
      });
      const few = rowsOver(LIMITS.maxReturnedLogits, 60);
      const ids = Array.from({ length: few }, () => new Array(60).fill(1));
      await expect(engine.forward("gpt", { input_ids: ids, all_logits: true })).rejects.toMatchObject({
        code: "TOO_LARGE",
        message: expect.stringMatching(/^all_logits would return [\d,]+ numbers; the limit is 2,097,152/),
      });
      await expect(engine.forward("gpt", { input_ids: ids })).resolves.toBeDefined(); // the last position only is fine
    });
  }

  if (label === "fixture") {
    test("prefill logits and greedy continuation match torch (fixture only)", async () => {
      for (const name of ["gpt", "gpt-draft"]) {
        const { prompt, last_logits: lastLogits, greedy } = expected[name];
        let { outputs } = await engine.forward(name, { input_ids: [prompt], past: null });
        expect(maxAbsDiff(logitsOf(outputs)[0], lastLogits)).toBeLessThan(1e-3);
        const generated: number[] = [];
        while (generated.length < greedy.length) {
          const next = argmax(logitsOf(outputs)[0]);
          generated.push(next);
          ({ outputs } = await engine.forward(name, { input_ids: [[next]], past: pastOf(outputs) }));
        }
        expect(generated).toEqual(greedy);
      }
    });
  }
});

describe("past_rows: picking and reordering cached rows (beam search)", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ modelsDir: FIXTURE_DIR, batchWindowMs: 0, threads: 1 });
  }, LOAD_TIMEOUT_MS);
  afterAll(() => engine?.close());

  test("each input row continues the cached row past_rows names, repeats allowed; the old past stays usable", async () => {
    const a = engine.tokenize("gpt", "one").input_ids;
    const b = engine.tokenize("gpt", "two").input_ids.slice(0, a.length);
    const c = engine.tokenize("gpt", "six").input_ids.slice(0, a.length);
    const batch = await engine.forward("gpt", { input_ids: [a, b, c], past: null });
    const picked = await engine.forward("gpt", { input_ids: [[7], [8], [9]], past: pastOf(batch.outputs), past_rows: [2, 0, 0] });
    const alone = async (ids: number[], next: number) => {
      const first = await engine.forward("gpt", { input_ids: [ids], past: null });
      return logitsOf((await engine.forward("gpt", { input_ids: [[next]], past: pastOf(first.outputs) })).outputs)[0];
    };
    const expected = [await alone(c, 7), await alone(a, 8), await alone(a, 9)];
    for (const row of [0, 1, 2]) expect(maxAbsDiff(logitsOf(picked.outputs)[row], expected[row])).toBeLessThan(1e-3);
    expect(pastOf(picked.outputs).rows).toBe(3);
    // Fewer rows than cached: keep two beams.
    const two = await engine.forward("gpt", { input_ids: [[7], [8]], past: pastOf(batch.outputs), past_rows: [1, 2] });
    expect(logitsOf(two.outputs)).toHaveLength(2);
    expect(pastOf(batch.outputs).rows).toBe(3);
  });

  test.each([
    { name: "without a past", inputs: { input_ids: [[1]], past_rows: [0] }, message: /past_rows needs a past/ },
    { name: "an index out of range", past: true, inputs: { input_ids: [[1], [2]], past_rows: [0, 3] }, message: /past_rows\[1\] = 3: cached rows are 0…2/ },
    { name: "the wrong length", past: true, inputs: { input_ids: [[1], [2]], past_rows: [0] }, message: /for each of the 2 input rows/ },
  ])("refused: $name", async ({ inputs, past, message }) => {
    const cache = past ? pastOf((await engine.forward("gpt", { input_ids: [[1, 2], [3, 4], [5, 6]] })).outputs) : undefined;
    await expect(engine.forward("gpt", { ...inputs, ...(cache ? { past: cache } : {}) })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(message) });
  });
});

describe("a decoder folder found by scanning (no manifest entry)", () => {
  test("a Hugging Face causal-LM export with past_key_values inputs loads as kind gpt", async () => {
    const dir = await scratchModels(FIXTURE_DIR, ["tiny-gpt"], []);
    const engine = await createEngine({ modelsDir: dir, batchWindowMs: 0, threads: 1 });
    try {
      expect(engine.info("tiny-gpt")).toMatchObject({ kind: "gpt", layers: 2, heads: 2, head_dim: 8 });
      const { trace } = await engine.forward("tiny-gpt", { input_ids: [[1, 2]], past: null });
      expect(trace.phase).toBe("prefill");
    } finally {
      await engine.close();
    }
  }, LOAD_TIMEOUT_MS);

  test("a causal-LM config without n_layer/n_head is refused at load with the reason", async () => {
    const dir = await scratchModels(FIXTURE_DIR, ["tiny-gpt"], []);
    const configPath = path.join(dir, "tiny-gpt", "config.json");
    const config = JSON.parse(await fs.readFile(configPath, "utf8")) as Record<string, unknown>;
    delete config.n_layer;
    await fs.writeFile(configPath, JSON.stringify(config));
    await expect(createEngine({ modelsDir: dir, batchWindowMs: 0, threads: 1 })).rejects.toMatchObject({
      code: "MODEL_LOAD",
      message: expect.stringContaining("a decoder config needs n_layer, n_head, n_embd and n_positions"),
    });
  }, LOAD_TIMEOUT_MS);
});

