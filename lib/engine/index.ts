/**
 * The inference engine's public API; the grader and the web app import only this file.
 *
 * @example
 * import { getEngine } from "@/lib/engine";
 * const engine = await getEngine();
 * const { vectors, trace } = await engine.embed("word2vec", ["我喜欢机器学习"]);
 * trace.stagesNs // → { input: 52000, forward: 180000, post: 9000 }
 *
 * Decoder LMs ("gpt", "gpt-draft"): tokenize → prefill → decode steps with the KV cache → decode to text.
 * @example
 * const prompt = engine.tokenize("gpt", "The cat").input_ids;            // [464, 3797]
 * let { outputs, trace } = await engine.forward("gpt", { input_ids: [prompt], past: null });
 * trace.phase // → "prefill"
 * const ids = [];
 * for (let i = 0; i < 8; i++) {
 *   const logits = outputs.logits[0] as number[];                          // last position, vocab_size values
 *   const next = logits.indexOf(Math.max(...logits));                      // greedy
 *   ids.push(next);
 *   if (next === engine.info("gpt").eos_id) break;
 *   ({ outputs, trace } = await engine.forward("gpt", { input_ids: [[next]], past: outputs.past })); // trace.phase "decode"
 * }
 * engine.decode("gpt", ids) // → " sat on the mat"
 *
 * Submissions see the same API through the grader (lib/grader/engine-gateway.ts), where `past` is an
 * opaque handle string ("kv:3:…") and Python gets plain lists:
 *   out = engine.forward("gpt", {"input_ids": [ids], "past": None}); out["logits"][0]; out["past"]  # "kv:1:9f…"
 *   engine.forward("gpt", {"input_ids": [[tok]], "past": out["past"]})
 *   engine.decode("gpt", ids); engine.info("gpt")["eos_id"]
 * Batched rows are left-padded with info(...)["pad_id"] and an attention_mask (new tokens only, or past + new);
 * "past_rows": [2, 0, 0] makes input row i continue cached row past_rows[i] (beam search: reorder/duplicate beams).
 */
import { type EngineConfig, resolveEngineConfig } from "./config";
import { Engine } from "./engine";
import { loadModel, type LoadedModel } from "./model-loader";
import { discoverModels } from "./registry";

export { Engine, type ForwardOutputs, type Prediction, type Trace } from "./engine";
export type { DecoderPhase } from "./decoder-forward";
export { KvCache } from "./kv-cache";
export { type Generation, type GenerationStep, generateGreedy } from "./generate";
export { EngineError, type EngineErrorCode, isCallerError } from "./errors";
export type { ModelInfo, ModelKind } from "./model-info";
export type { NestedNumbers } from "./post-process";
export type { StagesNs } from "./stage-timer";
export type { EngineStats, Histogram, ModelStats } from "./stats";
export type { BertTokenizeResult, GptTokenizeResult, TokenizeResult, Word2VecTokenizeResult } from "./tokenizers/types";
export { LIMITS, type EngineConfig } from "./config";

export type CreateEngineOptions = Partial<Pick<EngineConfig, "modelsDir" | "threads" | "batchWindowMs" | "maxBatch">>;

/**
 * Loads every model of a models folder (manifest entries + HF-layout folders), checking integrity
 * first. Options override CLOCKWISE_MODELS_DIR, CLOCKWISE_ENGINE_THREADS,
 * CLOCKWISE_ENGINE_BATCH_WINDOW_MS and CLOCKWISE_ENGINE_MAX_BATCH.
 *
 * @example
 * const engine = await createEngine({ modelsDir: "tests/engine/fixtures/models", batchWindowMs: 0 });
 * engine.listModels().length // → 3
 * await engine.close();
 */
export async function createEngine(opts: CreateEngineOptions = {}): Promise<Engine> {
  const config = resolveEngineConfig(opts);
  const specs = await discoverModels(config.modelsDir);
  const models: LoadedModel[] = [];
  try {
    // One at a time: loading is CPU- and memory-heavy, and errors then name the first bad model.
    for (const spec of specs) models.push(await loadModel(spec, config.modelsDir, config.threads));
  } catch (error) {
    await Promise.all(models.map((model) => model.session.release()));
    throw error;
  }
  return new Engine(models, config);
}

// On globalThis so Next.js dev reloads and the grader share one set of sessions per process.
const SINGLETON = Symbol.for("clockwise.engine");
type Holder = { [SINGLETON]?: Promise<Engine> };

/**
 * The process-wide engine, created on first use from the environment's configuration.
 *
 * @example
 * const engine = await getEngine();
 * engine.labels("bert-cls") // → ["negative", "positive"]
 */
export function getEngine(): Promise<Engine> {
  const holder = globalThis as Holder;
  if (!holder[SINGLETON]) {
    const created = createEngine().then((engine) => {
      // A closed singleton is forgotten, so the next getEngine() loads afresh.
      const close = engine.close.bind(engine);
      engine.close = async () => {
        if (holder[SINGLETON] === created) delete holder[SINGLETON];
        await close();
      };
      return engine;
    });
    created.catch(() => {
      if (holder[SINGLETON] === created) delete holder[SINGLETON];
    });
    holder[SINGLETON] = created;
  }
  return holder[SINGLETON]!;
}
