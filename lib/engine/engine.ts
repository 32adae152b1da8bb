/**
 * The engine: loaded models, and for each request the three visible steps
 * tokenize (input) → forward → post-process, each wrapped once by a StageTimer.
 */
import type { FloatTensor } from "./backend";
import { decoderForward, type DecoderPhase } from "./decoder-forward";
import type { KvCache } from "./kv-cache";
import { type EngineConfig, LIMITS } from "./config";
import { describeValue, EngineError } from "./errors";
import { packForwardInputs } from "./forward-inputs";
import { type BatchResult, MicroBatcher } from "./micro-batcher";
import type { ModelInfo } from "./model-info";
import type { LoadedModel } from "./model-loader";
import { argmax, copyRow, crossEntropy, l2Normalize, maskedMean, type NestedNumbers, softmax, toNested } from "./post-process";
import { StageTimer, type StagesNs } from "./stage-timer";
import { type EngineStats, StatsRecorder } from "./stats";
import { checkText, checkTexts, effectiveMaxLength, encodeTexts, type EncodedTexts } from "./text-inputs";
import type { TokenizeResult } from "./tokenizers/types";

export type Trace = {
  model: string;
  /** Sequences in this call. */
  batchSize: number;
  /** Real (unpadded) tokens in this call. */
  tokens: number;
  stagesNs: StagesNs;
  /** Sequences in the session.run that served this call (> batchSize when micro-batching fused calls; 0 if none ran). */
  runBatchSize: number;
  /** Part of stagesNs.forward spent waiting for the micro-batch to form (0 when batching is off). */
  queueNs: number;
  /** Decoder LMs only: "prefill" for a call without past (the prompt), "decode" for a call that extends a past. */
  phase?: DecoderPhase;
  /** Decoder LMs only: positions the past held before this call (0 on prefill). */
  pastLength?: number;
};

/** What forward returns: nested arrays per output name; a decoder's `past` is a KvCache to pass to the next call. */
export type ForwardOutputs = { [name: string]: NestedNumbers | KvCache };

export type Prediction = { label: string; probs: number[]; loss?: number };

type Slot = { model: LoadedModel; batcher: MicroBatcher };

const EMPTY_RUN: BatchResult = { outputs: {}, runRows: 0, queuedNs: 0 };

export class Engine {
  private readonly slots = new Map<string, Slot>();
  private readonly recorder = new StatsRecorder();
  private closed = false;

  /** Use createEngine() or getEngine(); this wires already-loaded models. */
  constructor(models: LoadedModel[], readonly config: EngineConfig) {
    for (const model of models) {
      const name = model.info.name;
      const run = (feeds: Parameters<LoadedModel["session"]["run"]>[0], rows: number) => {
        this.recorder.recordRun(name, rows);
        return model.session.run(feeds);
      };
      const batcher = new MicroBatcher(run, {
        windowMs: config.batchWindowMs,
        maxBatch: config.maxBatch,
        pad: { input_ids: BigInt(model.padId) },
      });
      this.slots.set(name, { model, batcher });
    }
  }

  private slot(name: unknown): Slot {
    if (this.closed) throw new EngineError("CLOSED", "the engine is closed");
    const slot = typeof name === "string" ? this.slots.get(name) : undefined;
    if (!slot) {
      // untrusted: the name comes from user code; keep the message short whatever it sent.
      const shown = typeof name === "string" ? JSON.stringify(name.slice(0, 64)) + (name.length > 64 ? "…" : "") : typeof name;
      throw new EngineError("UNKNOWN_MODEL", `unknown model ${shown}; available: ${[...this.slots.keys()].join(", ")}`);
    }
    return slot;
  }

  private requireOutput(slot: Slot, operation: string, outputs: string[]): string {
    if (slot.model.info.kind === "gpt") {
      throw new EngineError("UNSUPPORTED", `${operation} is for encoders; "${slot.model.info.name}" is a decoder LM: use tokenize, forward (with past) and decode`);
    }
    const found = outputs.find((output) => slot.model.info.outputs.includes(output));
    if (!found) {
      throw new EngineError("UNSUPPORTED", `${operation} needs a model with output ${outputs.join(" or ")}; "${slot.model.info.name}" is a ${slot.model.info.kind} model`);
    }
    return found;
  }

  private forwardStep(slot: Slot, encoded: { batch: EncodedTexts["batch"] }): Promise<BatchResult> {
    return encoded.batch ? slot.batcher.submit(encoded.batch) : Promise.resolve(EMPTY_RUN);
  }

  private trace(slot: Slot, timer: StageTimer, batchSize: number, tokens: number, run: BatchResult): Trace {
    const stagesNs = timer.stagesNs;
    this.recorder.recordRequest(slot.model.info.name, stagesNs);
    return { model: slot.model.info.name, batchSize, tokens, stagesNs, runBatchSize: run.runRows, queueNs: run.queuedNs };
  }

  /**
   * The loaded models.
   * @example engine.listModels().map((m) => m.name) // → ["word2vec", "bert", "bert-cls"]
   */
  listModels(): ModelInfo[] {
    if (this.closed) throw new EngineError("CLOSED", "the engine is closed");
    return [...this.slots.values()].map((slot) => structuredClone(slot.model.info));
  }

  /**
   * @example engine.info("word2vec") // → { name: "word2vec", kind: "word2vec", dim: 100, vocab_size: 50000, max_length: 512, inputs: ["input_ids"], outputs: ["vectors"] }
   */
  info(model: string): ModelInfo {
    return structuredClone(this.slot(model).model.info);
  }

  /**
   * Class names in logit order.
   * @example engine.labels("bert-cls") // → ["negative", "positive"]
   */
  labels(model: string): string[] {
    const { info } = this.slot(model).model;
    if (!info.labels) throw new EngineError("UNSUPPORTED", `model "${info.name}" is a ${info.kind} model and has no labels`);
    return [...info.labels];
  }

  /**
   * Tokenizes one text (synchronous: no forward pass).
   * @example
   * engine.tokenize("bert", "Hi!") // → { input_ids: [101, 7632, 999, 102], attention_mask: [1,1,1,1], token_type_ids: [0,0,0,0], tokens: ["[CLS]","hi","!","[SEP]"] }
   * engine.tokenize("word2vec", "我喜欢猫") // → { input_ids: [5, 88], tokens: ["我","喜欢"], attention_mask: [1,1], oov: ["猫"] }
   */
  tokenize(model: string, text: string, opts: { maxLength?: number } = {}): TokenizeResult {
    const { model: loaded } = this.slot(model);
    checkText(text);
    return loaded.tokenizer.encode(text, effectiveMaxLength(loaded, opts?.maxLength));
  }

  /**
   * Runs the graph on id tensors given as nested arrays, batch first.
   * Decoder LMs (kind "gpt") take `{ input_ids, attention_mask?, past: null | KvCache, all_logits? }` and return
   * `{ logits, past }`: logits of the last position of each row (every position with all_logits), and the KV
   * cache to pass as `past` next time (then send only the new tokens). Rows may be left-padded with an
   * attention_mask; position_ids are computed from it. `past_rows: [2, 0, 0]` continues cached rows 2, 0 and 0
   * (beam search reorders beams). They are not micro-batched with other requests.
   * @example
   * const { outputs } = await engine.forward("bert-cls", { input_ids: [[101, 7632, 102]], attention_mask: [[1, 1, 1]] });
   * outputs.logits // → [[-1.2, 0.9]]
   * const step1 = await engine.forward("gpt", { input_ids: [[15496, 11]], past: null });   // trace.phase "prefill"
   * const step2 = await engine.forward("gpt", { input_ids: [[995]], past: step1.outputs.past }); // trace.phase "decode"
   */
  async forward(model: string, inputs: Record<string, unknown>): Promise<{ outputs: ForwardOutputs; trace: Trace }> {
    const slot = this.slot(model);
    const timer = new StageTimer();
    if (slot.model.info.kind === "gpt") {
      const name = slot.model.info.name;
      const run = (feeds: Parameters<LoadedModel["session"]["run"]>[0]) => {
        this.recorder.recordRun(name, feeds.input_ids.dims[0]);
        return slot.model.session.run(feeds);
      };
      const done = await decoderForward(slot.model, inputs, timer, run);
      const ran: BatchResult = { outputs: {}, runRows: done.rows, queuedNs: 0 };
      const trace = { ...this.trace(slot, timer, done.rows, done.tokens, ran), phase: done.phase, pastLength: done.pastLength };
      return { outputs: { ...done.outputs }, trace };
    }
    const packed = timer.measure("input", () => packForwardInputs(slot.model, inputs));
    const result = await timer.measureAsync("forward", () => this.forwardStep(slot, packed));
    const outputs = timer.measure("post", () => nestedOutputs(result.outputs));
    return { outputs, trace: this.trace(slot, timer, packed.batch.rows, packed.tokens, result) };
  }

  /**
   * Text of token ids (decoder LMs). Special tokens such as EOS are kept unless skipSpecialTokens; a cut
   * through a multi-byte character gives U+FFFD, so decode the whole sequence when streaming.
   * @example engine.decode("gpt", [15496, 11, 995]) // → "Hello, world"
   */
  decode(model: string, ids: unknown, opts: { skipSpecialTokens?: boolean } = {}): string {
    const { model: loaded } = this.slot(model);
    const { name, vocab_size: vocab } = loaded.info;
    if (!loaded.tokenizer.decode) throw new EngineError("UNSUPPORTED", `model "${name}" is a ${loaded.info.kind} model; decode needs a decoder LM (gpt)`);
    if (!Array.isArray(ids)) throw new EngineError("INVALID_INPUT", `decode needs a list of token ids, got ${describeValue(ids)}`);
    if (ids.length > LIMITS.maxInputElements) throw new EngineError("TOO_LARGE", `${ids.length} ids exceed the limit of ${LIMITS.maxInputElements} per decode`);
    ids.forEach((id, i) => {
      if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id >= vocab) {
        throw new EngineError("INVALID_INPUT", `ids[${i}] = ${describeValue(id)}: token ids must be integers in [0, ${vocab}) for model "${name}"`);
      }
    });
    return loaded.tokenizer.decode(ids as number[], opts?.skipSpecialTokens === true);
  }

  /**
   * Sentence vectors, L2-normalised: word2vec = mean of in-vocabulary word vectors (zero vector if
   * none); bert = attention-masked mean of last_hidden_state.
   * @example
   * const { vectors } = await engine.embed("word2vec", ["我喜欢机器学习"]); // vectors[0].length === dim, norm 1
   */
  async embed(model: string, texts: string[]): Promise<{ vectors: number[][]; trace: Trace }> {
    const slot = this.slot(model);
    const output = this.requireOutput(slot, "embed", ["vectors", "last_hidden_state"]);
    const timer = new StageTimer();
    const encoded = timer.measure("input", () => (checkTexts(texts), encodeTexts(slot.model, texts)));
    const result = await timer.measureAsync("forward", () => this.forwardStep(slot, encoded));
    const vectors = timer.measure("post", () => poolSentences(result.outputs[output], encoded, slot.model.info.dim));
    return { vectors, trace: this.trace(slot, timer, texts.length, encoded.tokens, result) };
  }

  /**
   * Class probabilities; with `labels` (class index per text) also the cross-entropy loss (feedback stage).
   * @example
   * const { predictions } = await engine.classify("bert-cls", ["太好了"], { labels: [1] });
   * predictions[0] // → { label: "positive", probs: [0.1, 0.9], loss: 0.105 }
   */
  async classify(model: string, texts: string[], opts: { labels?: number[] } = {}): Promise<{ predictions: Prediction[]; trace: Trace }> {
    const slot = this.slot(model);
    this.requireOutput(slot, "classify", ["logits"]);
    const names = slot.model.info.labels ?? [];
    const timer = new StageTimer();
    const encoded = timer.measure("input", () => {
      checkTexts(texts);
      checkLabels(opts?.labels, texts.length, names.length);
      return encodeTexts(slot.model, texts);
    });
    const result = await timer.measureAsync("forward", () => this.forwardStep(slot, encoded));
    const logits = result.outputs.logits;
    const predictions = timer.measure("post", () => {
      const classes = logits.dims[1];
      if (classes !== names.length) throw new EngineError("INTERNAL", `model "${model}" returned ${classes} logits for ${names.length} labels`);
      return texts.map((_, row): Prediction => {
        const probs = softmax(logits.data.subarray(row * classes, (row + 1) * classes));
        return { label: names[argmax(probs)], probs };
      });
    });
    const given = opts?.labels;
    if (given) {
      timer.measure("feedback", () => {
        const classes = names.length;
        predictions.forEach((prediction, row) => {
          prediction.loss = crossEntropy(logits.data.subarray(row * classes, (row + 1) * classes), given[row]);
        });
      });
    }
    return { predictions, trace: this.trace(slot, timer, texts.length, encoded.tokens, result) };
  }

  /**
   * Per-token hidden states of each text, trimmed to its own tokens ([CLS] … [SEP] for BERT).
   * @example
   * const { hidden } = await engine.encode("bert", ["你好"]); // hidden[0].length === 4, hidden[0][0].length === dim
   */
  async encode(model: string, texts: string[]): Promise<{ hidden: number[][][]; trace: Trace }> {
    const slot = this.slot(model);
    const output = this.requireOutput(slot, "encode", ["last_hidden_state", "vectors"]);
    const timer = new StageTimer();
    const encoded = timer.measure("input", () => (checkTexts(texts), encodeTexts(slot.model, texts)));
    const result = await timer.measureAsync("forward", () => this.forwardStep(slot, encoded));
    const hidden = timer.measure("post", () => tokenStates(result.outputs[output], encoded));
    return { hidden, trace: this.trace(slot, timer, texts.length, encoded.tokens, result) };
  }

  /** Latency histograms per model and stage, and run counts. */
  stats(): EngineStats {
    return this.recorder.snapshot();
  }

  /** Releases every session; later calls fail with CLOSED. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const slot of this.slots.values()) slot.batcher.close();
    await Promise.all([...this.slots.values()].map((slot) => slot.model.session.release()));
  }
}

function checkLabels(labels: unknown, count: number, classes: number): void {
  if (labels === undefined) return;
  if (!Array.isArray(labels) || labels.length !== count) {
    throw new EngineError("INVALID_INPUT", `labels must be a list with one class index per text (${count})`);
  }
  labels.forEach((label, i) => {
    if (typeof label !== "number" || !Number.isInteger(label) || label < 0 || label >= classes) {
      throw new EngineError("INVALID_INPUT", `labels[${i}] = ${describeValue(label)}: class indices are integers in [0, ${classes})`);
    }
  });
}

function nestedOutputs(outputs: Record<string, FloatTensor>): Record<string, NestedNumbers> {
  const nested: Record<string, NestedNumbers> = {};
  for (const [name, tensor] of Object.entries(outputs)) nested[name] = toNested(tensor.data, tensor.dims);
  return nested;
}

function poolSentences(tensor: FloatTensor | undefined, encoded: EncodedTexts, dim: number): number[][] {
  return encoded.encodings.map((encoding, row) => {
    if (!tensor) return new Array<number>(dim).fill(0);
    const [, seq, width] = tensor.dims;
    return l2Normalize(maskedMean(tensor.data, seq, width, row, encoding.attention_mask));
  });
}

function tokenStates(tensor: FloatTensor | undefined, encoded: EncodedTexts): number[][][] {
  return encoded.encodings.map((encoding, row) => {
    if (!tensor) return [];
    const [, seq, width] = tensor.dims;
    return encoding.input_ids.map((_, t) => copyRow(tensor.data, (row * seq + t) * width, width));
  });
}
