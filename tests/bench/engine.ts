/**
 * Engine benchmarks: tokenization speed, forward latency and throughput, the engine's overhead over
 * a bare session.run on identical inputs, and what micro-batching buys for concurrent requests.
 * Models come from CLOCKWISE_MODELS_DIR or ./models.
 */
import { openSession, type IdTensor } from "@/lib/engine/backend";
import { createEngine, type Engine, type ModelInfo } from "@/lib/engine";
import { discoverModels } from "@/lib/engine/registry";
import { resolveEngineConfig } from "@/lib/engine/config";
import path from "node:path";
import { type BenchSuite, percentile, sampleFor, type Table } from "./bench-suite";

const BUDGET_MS = 1200;

/** Mixed Chinese/English sentences of interview-question length (~10–40 tokens). */
const SENTENCES = [
  "推理过程可以分为输入处理、前向计算、后处理和反馈四个阶段。",
  "The forward pass multiplies the embeddings through every transformer layer.",
  "我喜欢机器学习，也喜欢研究大模型的推理优化。",
  "Tokenization splits text into word pieces before the model sees it.",
  "批处理可以提高吞吐量，但会增加单个请求的延迟。",
  "Softmax turns logits into probabilities that sum to one.",
  "这部电影的剧情很精彩，演员的表演也非常自然。",
  "Latency p95 matters more than the mean for interactive services.",
];

type Prepared = { info: ModelInfo; nested: Record<string, number[][]>; feeds: Record<string, IdTensor> };

/** Tokenizes `rows` sentences and pads them into both nested arrays (engine) and tensors (bare run). */
function prepare(engine: Engine, info: ModelInfo, rows: number): Prepared {
  const encodings = Array.from({ length: rows }, (_, i) => engine.tokenize(info.name, SENTENCES[i % SENTENCES.length]));
  const seq = Math.max(1, ...encodings.map((e) => e.input_ids.length));
  const nested: Record<string, number[][]> = {};
  const pad = (values: number[]) => [...values, ...new Array(seq - values.length).fill(0)];
  nested.input_ids = encodings.map((e) => pad(e.input_ids.length ? e.input_ids : [0]));
  if (info.inputs.includes("attention_mask")) nested.attention_mask = encodings.map((e) => pad(e.attention_mask.length ? e.attention_mask : [0]));
  if (info.inputs.includes("token_type_ids")) nested.token_type_ids = encodings.map(() => new Array(seq).fill(0));
  const feeds: Record<string, IdTensor> = {};
  for (const [name, values] of Object.entries(nested)) {
    feeds[name] = { data: BigInt64Array.from(values.flat().map(BigInt)), dims: [rows, seq] };
  }
  return { info, nested, feeds };
}

function pipeline(engine: Engine, info: ModelInfo, texts: string[]): Promise<unknown> {
  if (info.kind === "bert-cls") return engine.classify(info.name, texts);
  return engine.embed(info.name, texts);
}

async function tokenizationRows(engine: Engine, models: ModelInfo[]): Promise<(string | number)[][]> {
  const rows: (string | number)[][] = [];
  for (const info of models) {
    // Warm the JIT on this model's tokenizer first, so model order does not decide the numbers.
    for (let w = 0; w < 200; w++) engine.tokenize(info.name, SENTENCES[w % SENTENCES.length]);
    let tokens = 0;
    let chars = 0;
    let i = 0;
    const start = performance.now();
    while (performance.now() - start < BUDGET_MS / 2) {
      const text = SENTENCES[i++ % SENTENCES.length];
      tokens += engine.tokenize(info.name, text).input_ids.length;
      chars += text.length;
    }
    const seconds = (performance.now() - start) / 1000;
    rows.push([info.name, tokens / seconds, i / seconds, chars / seconds]);
  }
  return rows;
}

async function latencyRows(engine: Engine, models: ModelInfo[]): Promise<(string | number)[][]> {
  const rows: (string | number)[][] = [];
  for (const info of models) {
    const one = prepare(engine, info, 1);
    const forward1 = await sampleFor(BUDGET_MS, () => engine.forward(info.name, one.nested));
    const pipeline1 = await sampleFor(BUDGET_MS / 2, () => pipeline(engine, info, [SENTENCES[0]]));
    const batch32 = prepare(engine, info, 32);
    const forward32 = await sampleFor(BUDGET_MS, () => engine.forward(info.name, batch32.nested));
    const texts32 = Array.from({ length: 32 }, (_, i) => SENTENCES[i % SENTENCES.length]);
    const pipeline32 = await sampleFor(BUDGET_MS / 2, () => pipeline(engine, info, texts32));
    rows.push([
      info.name,
      one.feeds.input_ids.dims[1],
      percentile(forward1, 50),
      percentile(forward1, 95),
      percentile(pipeline1, 50),
      32_000 / percentile(forward32, 50),
      32_000 / percentile(pipeline32, 50),
    ]);
  }
  return rows;
}

async function overheadRows(engine: Engine, models: ModelInfo[], folders: Map<string, string>, threads: number): Promise<(string | number)[][]> {
  const rows: (string | number)[][] = [];
  for (const info of models) {
    const session = await openSession(path.join(folders.get(info.name)!, "onnx/model.onnx"), threads);
    try {
      for (const batch of [1, 32]) {
        const prepared = prepare(engine, info, batch);
        await session.run(prepared.feeds);
        const bare: number[] = [];
        const wrapped: number[] = [];
        const timeBare = async () => {
          const t = performance.now();
          await session.run(prepared.feeds);
          bare.push(performance.now() - t);
        };
        const timeEngine = async () => {
          const t = performance.now();
          await engine.forward(info.name, prepared.nested);
          wrapped.push(performance.now() - t);
        };
        // Interleaved, alternating which goes first, so both see the same machine state.
        const end = performance.now() + BUDGET_MS;
        for (let i = 0; bare.length < 10 || performance.now() < end; i++) {
          if (i % 2 === 0) await timeBare().then(timeEngine);
          else await timeEngine().then(timeBare);
        }
        const ratio = percentile(wrapped, 50) / percentile(bare, 50);
        rows.push([info.name, batch, percentile(bare, 50), percentile(wrapped, 50), ratio]);
      }
    } finally {
      await session.release();
    }
  }
  return rows;
}

/** What a caller would write by hand for one pipeline call: tokenize, pad, bare run, pool or softmax. */
async function byHand(engine: Engine, info: ModelInfo, session: Awaited<ReturnType<typeof openSession>>, texts: string[]): Promise<number[][]> {
  const encodings = texts.map((text) => engine.tokenize(info.name, text));
  const seq = Math.max(1, ...encodings.map((e) => e.input_ids.length));
  const feeds: Record<string, IdTensor> = {};
  for (const name of info.inputs) {
    const data = new BigInt64Array(texts.length * seq);
    encodings.forEach((e, r) => {
      const values = name === "input_ids" ? e.input_ids : name === "attention_mask" ? e.attention_mask : [];
      values.forEach((v, t) => (data[r * seq + t] = BigInt(v)));
    });
    feeds[name] = { data, dims: [texts.length, seq] };
  }
  const outputs = await session.run(feeds);
  if (info.kind === "bert-cls") {
    const { data, dims } = outputs.logits;
    return texts.map((_, r) => {
      const row = Array.from(data.subarray(r * dims[1], (r + 1) * dims[1]));
      const max = Math.max(...row);
      const exps = row.map((v) => Math.exp(v - max));
      const total = exps.reduce((a, b) => a + b, 0);
      return exps.map((v) => v / total);
    });
  }
  const { data, dims } = outputs[info.kind === "word2vec" ? "vectors" : "last_hidden_state"];
  const [, width, dim] = dims;
  return encodings.map((e, r) => {
    const mean = new Array<number>(dim).fill(0);
    const n = e.input_ids.length;
    for (let t = 0; t < n; t++) for (let d = 0; d < dim; d++) mean[d] += data[(r * width + t) * dim + d] / n;
    const norm = Math.hypot(...mean) || 1;
    return mean.map((v) => v / norm);
  });
}

async function pipelineOverheadRows(engine: Engine, models: ModelInfo[], folders: Map<string, string>, threads: number): Promise<(string | number)[][]> {
  const rows: (string | number)[][] = [];
  const texts = Array.from({ length: 32 }, (_, i) => SENTENCES[i % SENTENCES.length]);
  for (const info of models) {
    const session = await openSession(path.join(folders.get(info.name)!, "onnx/model.onnx"), threads);
    try {
      await byHand(engine, info, session, texts);
      const hand: number[] = [];
      const wrapped: number[] = [];
      const end = performance.now() + BUDGET_MS;
      for (let i = 0; hand.length < 10 || performance.now() < end; i++) {
        const timeHand = async () => {
          const t = performance.now();
          await byHand(engine, info, session, texts);
          hand.push(performance.now() - t);
        };
        const timeEngine = async () => {
          const t = performance.now();
          await pipeline(engine, info, texts);
          wrapped.push(performance.now() - t);
        };
        if (i % 2 === 0) await timeHand().then(timeEngine);
        else await timeEngine().then(timeHand);
      }
      rows.push([info.name, info.kind === "bert-cls" ? "classify" : "embed", percentile(hand, 50), percentile(wrapped, 50), percentile(wrapped, 50) / percentile(hand, 50)]);
    } finally {
      await session.release();
    }
  }
  return rows;
}

async function concurrencyRows(batched: Engine, unbatched: Engine, models: ModelInfo[]): Promise<(string | number)[][]> {
  const rows: (string | number)[][] = [];
  const rounds = 6;
  for (const info of models) {
    const texts = Array.from({ length: 64 }, (_, i) => SENTENCES[i % SENTENCES.length]);
    const burst = (engine: Engine) => Promise.all(texts.map((text) => pipeline(engine, info, [text])));
    await burst(unbatched);
    await burst(batched);
    const runsOf = (engine: Engine) => engine.stats().models[info.name]?.runs ?? 0;
    const [runsOff, runsOn] = [runsOf(unbatched), runsOf(batched)];
    let [msOff, msOn] = [0, 0];
    // Rounds alternate off/on so both see the same (shared, noisy) machine.
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      await burst(unbatched);
      msOff += performance.now() - t;
      t = performance.now();
      await burst(batched);
      msOn += performance.now() - t;
    }
    const [off, on] = [(rounds * texts.length * 1000) / msOff, (rounds * texts.length * 1000) / msOn];
    rows.push([info.name, info.kind === "bert-cls" ? "classify" : "embed", off, on, on / off, (runsOf(unbatched) - runsOff) / rounds, (runsOf(batched) - runsOn) / rounds]);
  }
  return rows;
}

export const engineSuite: BenchSuite = {
  name: "engine",
  async run(): Promise<Table[]> {
    const config = resolveEngineConfig();
    const loadStart = performance.now();
    const unbatched = await createEngine({ batchWindowMs: 0 });
    const loadMs = performance.now() - loadStart;
    const batched = await createEngine({ batchWindowMs: config.batchWindowMs || 2, maxBatch: config.maxBatch });
    try {
      const models = unbatched.listModels();
      const folders = new Map((await discoverModels(config.modelsDir)).map((spec) => [spec.name, spec.folder]));
      const setting = `${config.threads} intra-op thread(s), models from ${config.modelsDir}, engine load ${loadMs.toFixed(0)} ms`;
      return [
        {
          title: "Tokenization (single text per call)",
          columns: ["model", "tokens/s", "texts/s", "chars/s"],
          rows: await tokenizationRows(unbatched, models),
        },
        {
          title: "Forward latency and throughput (micro-batching off)",
          columns: ["model", "tokens (b=1)", "forward p50 ms (b=1)", "forward p95 ms (b=1)", "pipeline p50 ms (b=1)", "forward seq/s (b=32)", "pipeline seq/s (b=32)"],
          rows: await latencyRows(unbatched, models),
          note: `Pipeline = embed (word2vec, bert) or classify (bert-cls): tokenize + forward + post. ${setting}.`,
        },
        {
          title: "Engine overhead over bare session.run (same inputs)",
          columns: ["model", "batch", "bare run p50 ms", "engine.forward p50 ms", "ratio"],
          rows: await overheadRows(unbatched, models, folders, config.threads),
          note: "engine.forward = validate nested arrays + pack int64 + run + nested-array outputs. Target: ratio < 1.10 at batch 32 for BERT models.",
        },
        {
          title: "Pipeline overhead at batch 32: engine call vs the same work by hand",
          columns: ["model", "operation", "by hand p50 ms", "engine p50 ms", "ratio"],
          rows: await pipelineOverheadRows(unbatched, models, folders, config.threads),
          note: "By hand = tokenize + pad + bare session.run + pooling/softmax written inline; engine adds validation, stage timing, batching plumbing, stats.",
        },
        {
          title: "64 concurrent single-text requests: micro-batching off vs on",
          columns: ["model", "operation", "req/s off", "req/s on", "speedup", "runs per 64 off", "runs per 64 on"],
          rows: await concurrencyRows(batched, unbatched, models),
          note: `Batching window ${config.batchWindowMs || 2} ms, max ${config.maxBatch} sequences per run.`,
        },
      ];
    } finally {
      await unbatched.close();
      await batched.close();
    }
  },
};
