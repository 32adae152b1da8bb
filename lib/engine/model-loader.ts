/**
 * Turns one model folder into a ready model: integrity checks first, then config, tokenizer and
 * ONNX session, then a check that the graph has the inputs and outputs its kind promises.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { openSession, type ModelSession } from "./backend";
import { EngineError } from "./errors";
import { requireListed, resolveContained, verifyExternalData, verifyManifestFiles } from "./integrity";
import type { ModelInfo, ModelKind } from "./model-info";
import { pastInputNames } from "./decoder-forward";
import { BertTokenizer } from "./tokenizers/bert-tokenizer";
import { GptTokenizer } from "./tokenizers/gpt-tokenizer";
import type { TextTokenizer } from "./tokenizers/types";
import { Word2VecTokenizer } from "./tokenizers/word2vec-tokenizer";

/** Where a model comes from: a manifest entry (kind and hashes known) or a scanned HF-layout folder. */
export type ModelSpec = {
  name: string;
  folder: string;
  kind?: ModelKind;
  files?: Record<string, string>;
};

export type LoadedModel = {
  info: ModelInfo;
  session: ModelSession;
  tokenizer: TextTokenizer;
  /** Id used to pad shorter rows when sequences are batched. */
  padId: number;
  /** Number of segment ids (token_type_ids must be below it); 0 when the graph takes none. */
  typeVocabSize: number;
};

const ONNX_PATH = "onnx/model.onnx";
const BERT_INPUTS = ["input_ids", "attention_mask", "token_type_ids"];

const word2vecConfig = z.object({
  model_type: z.literal("word2vec"),
  dim: z.number().int().positive(),
  vocab_size: z.number().int().positive(),
  max_length: z.number().int().positive().default(512),
  lowercase: z.boolean().optional(),
});

const bertConfig = z.object({
  hidden_size: z.number().int().positive(),
  vocab_size: z.number().int().positive(),
  max_position_embeddings: z.number().int().positive().default(512),
  type_vocab_size: z.number().int().nonnegative().default(2),
  pad_token_id: z.number().int().nonnegative().default(0),
  id2label: z.record(z.string(), z.string()).optional(),
});

/**
 * A decoder LM's config.json: GPT-2 names (n_layer, n_head, n_embd, n_positions) or the generic
 * Hugging Face ones (num_hidden_layers, num_attention_heads, hidden_size, max_position_embeddings).
 */
const gptConfig = z
  .object({
    vocab_size: z.number().int().positive(),
    n_layer: z.number().int().positive().optional(),
    num_hidden_layers: z.number().int().positive().optional(),
    n_head: z.number().int().positive().optional(),
    num_attention_heads: z.number().int().positive().optional(),
    n_embd: z.number().int().positive().optional(),
    hidden_size: z.number().int().positive().optional(),
    head_dim: z.number().int().positive().optional(),
    n_positions: z.number().int().positive().optional(),
    max_position_embeddings: z.number().int().positive().optional(),
    eos_token_id: z.number().int().nonnegative(),
    pad_token_id: z.number().int().nonnegative().nullable().optional(),
  })
  .transform((c, ctx) => {
    const layers = c.n_layer ?? c.num_hidden_layers;
    const heads = c.n_head ?? c.num_attention_heads;
    const dim = c.n_embd ?? c.hidden_size;
    const maxLength = c.n_positions ?? c.max_position_embeddings;
    if (!layers || !heads || !dim || !maxLength) {
      ctx.addIssue({ code: "custom", message: "a decoder config needs n_layer, n_head, n_embd and n_positions (or their Hugging Face names)" });
      return z.NEVER;
    }
    for (const [what, id] of [["eos_token_id", c.eos_token_id], ["pad_token_id", c.pad_token_id]] as const) {
      if (typeof id === "number" && id >= c.vocab_size) {
        ctx.addIssue({ code: "custom", path: [what], message: `${id} is not below vocab_size ${c.vocab_size}` });
        return z.NEVER;
      }
    }
    return { vocabSize: c.vocab_size, layers, heads, dim, headDim: c.head_dim ?? dim / heads, maxLength, eosId: c.eos_token_id, padId: c.pad_token_id ?? c.eos_token_id };
  });

/** A config that declares a causal LM (GPT-2 and friends), as opposed to an encoder. */
function declaresCausalLm(config: Record<string, unknown>): boolean {
  const architectures = Array.isArray(config.architectures) ? config.architectures : [];
  return (
    config.is_decoder === true ||
    architectures.some((a) => typeof a === "string" && /(ForCausalLM|LMHeadModel)$/.test(a)) ||
    (typeof config.model_type === "string" && ["gpt2", "gpt_neo", "gpt_neox", "gptj", "llama", "mistral", "qwen2"].includes(config.model_type))
  );
}

async function readJson(spec: ModelSpec, root: string, file: string, optional = false): Promise<unknown> {
  const { name: model, folder } = spec;
  let resolved: string;
  try {
    resolved = await resolveContained(folder, root, file, model);
  } catch (error) {
    if (optional && error instanceof EngineError && error.code === "MODEL_LOAD") return undefined;
    throw error;
  }
  requireListed(model, spec.files, file);
  try {
    return JSON.parse(await fs.readFile(resolved, "utf8"));
  } catch (cause) {
    throw new EngineError("MODEL_LOAD", `model "${model}": ${file} is not valid JSON (${(cause as Error).message})`, { cause });
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, model: string, file: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EngineError("MODEL_LOAD", `model "${model}": ${file}: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  return parsed.data;
}

function labelsFrom(id2label: Record<string, string>, model: string): string[] {
  const labels: string[] = [];
  const count = Object.keys(id2label).length;
  for (let i = 0; i < count; i++) {
    const label = id2label[String(i)];
    if (label === undefined) throw new EngineError("MODEL_LOAD", `model "${model}": config.json id2label has no entry for class ${i}`);
    labels.push(label);
  }
  return labels;
}

function inferKind(spec: ModelSpec, config: Record<string, unknown>, session: ModelSession): ModelKind {
  const outputs = session.outputNames;
  if (config.model_type === "word2vec") return "word2vec";
  if (declaresCausalLm(config)) {
    if (session.inputNames.some((name) => name.startsWith("past_key_values.")) && outputs.includes("logits")) return "gpt";
    throw new EngineError(
      "MODEL_LOAD",
      `model "${spec.name}": config.json declares a causal LM but the graph has no past_key_values inputs (export it with past, e.g. optimum's "text-generation-with-past")`,
    );
  }
  if (config.id2label && outputs.includes("logits")) return "bert-cls";
  if (outputs.includes("last_hidden_state")) return "bert";
  throw new EngineError(
    "MODEL_LOAD",
    `model "${spec.name}": cannot tell its kind (outputs: ${outputs.join(", ")}); expected "logits" with config id2label, or "last_hidden_state"`,
  );
}

/** A decoder graph: ids, mask, positions and every layer's past in; logits and every layer's present out. */
function checkDecoderGraph(name: string, layers: number, session: ModelSession): void {
  const { inputNames, outputNames, valueTypes } = session;
  const past = pastInputNames(layers);
  const expectedInputs = ["input_ids", "attention_mask", "position_ids", ...past];
  const expectedOutputs = ["logits", ...past.map((p) => p.replace("past_key_values.", "present."))];
  const problems: string[] = [];
  for (const input of expectedInputs) if (!inputNames.includes(input)) problems.push(`missing input "${input}"`);
  for (const input of inputNames) if (!expectedInputs.includes(input)) problems.push(`unexpected input "${input}" (config.json says ${layers} layers)`);
  for (const output of expectedOutputs) if (!outputNames.includes(output)) problems.push(`missing output "${output}"`);
  for (const input of inputNames) {
    const want = input.startsWith("past_key_values.") ? "float32" : "int64";
    if (valueTypes[input] && valueTypes[input] !== want) problems.push(`input "${input}" is ${valueTypes[input]}, expected ${want}`);
  }
  for (const output of expectedOutputs) if (valueTypes[output] && valueTypes[output] !== "float32") problems.push(`output "${output}" is ${valueTypes[output]}, expected float32`);
  if (problems.length > 0) {
    throw new EngineError("MODEL_LOAD", `model "${name}" (gpt): ${problems.join("; ")} (graph has inputs ${inputNames.join(", ")}; outputs ${outputNames.join(", ")})`);
  }
}

function checkGraph(name: string, kind: ModelKind, session: ModelSession): void {
  const { inputNames, outputNames } = session;
  const required = ["input_ids"];
  const allowed = kind === "word2vec" ? ["input_ids"] : BERT_INPUTS;
  const output = kind === "word2vec" ? "vectors" : kind === "bert" ? "last_hidden_state" : "logits";
  const problems: string[] = [];
  for (const input of required) if (!inputNames.includes(input)) problems.push(`missing input "${input}"`);
  for (const input of inputNames) if (!allowed.includes(input)) problems.push(`unsupported input "${input}"`);
  if (!outputNames.includes(output)) problems.push(`missing output "${output}"`);
  // The engine feeds int64 ids and reads float32 outputs (the Hugging Face / torch.onnx export convention).
  for (const input of inputNames) {
    const type = session.valueTypes[input];
    if (type && type !== "int64") problems.push(`input "${input}" is ${type}, expected int64`);
  }
  const outputType = session.valueTypes[output];
  if (outputType && outputType !== "float32") problems.push(`output "${output}" is ${outputType}, expected float32`);
  if (problems.length > 0) {
    throw new EngineError("MODEL_LOAD", `model "${name}" (${kind}): ${problems.join("; ")} (graph has inputs ${inputNames.join(", ")}; outputs ${outputNames.join(", ")})`);
  }
}

/** A prefill and a decode step at load, so the first real request does not pay ONNX Runtime's lazy initialisation. */
async function warmUpDecoder(session: ModelSession, info: ModelInfo): Promise<void> {
  const { layers = 0, heads = 0, head_dim: headDim = 0 } = info;
  const feeds: Parameters<ModelSession["run"]>[0] = {};
  const [rows, seq] = [2, Math.min(8, info.max_length - 1)];
  const ids = (n: number) => ({ data: new BigInt64Array(rows * n), dims: [rows, n] as const });
  Object.assign(feeds, { input_ids: ids(seq), position_ids: ids(seq), attention_mask: { data: new BigInt64Array(rows * seq).fill(1n), dims: [rows, seq] as const } });
  for (const name of pastInputNames(layers)) feeds[name] = { data: new Float32Array(0), dims: [rows, heads, 0, headDim] };
  const prefill = await session.run(feeds);
  Object.assign(feeds, { input_ids: ids(1), position_ids: ids(1), attention_mask: { data: new BigInt64Array(rows * (seq + 1)).fill(1n), dims: [rows, seq + 1] as const } });
  for (const name of pastInputNames(layers)) feeds[name] = prefill[name.replace("past_key_values.", "present.")];
  await session.run(feeds);
}

/** One tiny run at load, so the first real request does not pay ONNX Runtime's lazy initialisation. */
async function warmUp(session: ModelSession, maxLength: number): Promise<void> {
  const feeds: Parameters<ModelSession["run"]>[0] = {};
  // A small batch of realistic shape: a [1, 1] run leaves most of ORT's allocations for later.
  const [rows, seq] = [2, Math.min(16, maxLength)];
  for (const name of session.inputNames) {
    feeds[name] = { data: new BigInt64Array(rows * seq).fill(name === "attention_mask" ? 1n : 0n), dims: [rows, seq] };
  }
  await session.run(feeds);
}

/**
 * Loads and checks one model. Fails with MODEL_INTEGRITY (hash mismatch, path escape) or MODEL_LOAD.
 *
 * @example
 * const model = await loadModel({ name: "bert", folder: "/abs/models/bert", kind: "bert", files }, "/abs/models", 2);
 * model.info.max_length // → 128
 */
export async function loadModel(spec: ModelSpec, root: string, threads: number): Promise<LoadedModel> {
  const { name, folder } = spec;
  if (spec.files) await verifyManifestFiles(name, folder, root, spec.files);
  await resolveContained(folder, root, ONNX_PATH, name);
  requireListed(name, spec.files, ONNX_PATH);
  const onnxFile = path.join(folder, ONNX_PATH);
  for (const dataFile of await verifyExternalData(name, folder, root, onnxFile)) requireListed(name, spec.files, dataFile);

  const rawConfig = await readJson(spec, root, "config.json");
  if (typeof rawConfig !== "object" || rawConfig === null) throw new EngineError("MODEL_LOAD", `model "${name}": config.json is not an object`);
  const config = rawConfig as Record<string, unknown>;
  const declaredWord2vec = spec.kind === "word2vec" || config.model_type === "word2vec";
  const declaredGpt = !declaredWord2vec && (spec.kind === "gpt" || (spec.kind === undefined && declaresCausalLm(config)));

  // Parse every file before opening the session, so a bad file never costs a model load.
  let tokenizer: TextTokenizer;
  let dim: number, vocabSize: number, maxLength: number, padId: number, typeVocabSize: number;
  let labels: string[] | undefined;
  let decoder: Pick<ModelInfo, "layers" | "heads" | "head_dim" | "eos_id" | "pad_id"> | undefined;
  if (declaredGpt) {
    const c = parse(gptConfig, config, name, "config.json");
    const tokenizerJson = await readJson(spec, root, "tokenizer.json");
    const tokenizerConfig = ((await readJson(spec, root, "tokenizer_config.json", true)) ?? {}) as Record<string, unknown>;
    try {
      tokenizer = new GptTokenizer(tokenizerJson as Record<string, unknown>, tokenizerConfig);
    } catch (cause) {
      throw new EngineError("MODEL_LOAD", `model "${name}": tokenizer.json is unusable (${(cause as Error).message})`, { cause });
    }
    if (!Number.isInteger(c.headDim)) throw new EngineError("MODEL_LOAD", `model "${name}": config.json n_embd ${c.dim} is not a multiple of n_head ${c.heads}`);
    [dim, vocabSize, maxLength, padId, typeVocabSize] = [c.dim, c.vocabSize, c.maxLength, c.padId, 0];
    decoder = { layers: c.layers, heads: c.heads, head_dim: c.headDim, eos_id: c.eosId, pad_id: c.padId };
  } else if (declaredWord2vec) {
    const c = parse(word2vecConfig, config, name, "config.json");
    const vocabulary = parse(z.array(z.string()), await readJson(spec, root, "vocab.json"), name, "vocab.json");
    if (vocabulary.length !== c.vocab_size) {
      throw new EngineError("MODEL_LOAD", `model "${name}": vocab.json has ${vocabulary.length} words, config.json says vocab_size ${c.vocab_size}`);
    }
    tokenizer = new Word2VecTokenizer(vocabulary);
    [dim, vocabSize, maxLength, padId, typeVocabSize] = [c.dim, c.vocab_size, c.max_length, 0, 0];
  } else {
    const c = parse(bertConfig, config, name, "config.json");
    const tokenizerJson = await readJson(spec, root, "tokenizer.json");
    const tokenizerConfig = ((await readJson(spec, root, "tokenizer_config.json", true)) ?? {}) as Record<string, unknown>;
    try {
      tokenizer = new BertTokenizer(tokenizerJson as Record<string, unknown>, tokenizerConfig);
    } catch (cause) {
      throw new EngineError("MODEL_LOAD", `model "${name}": tokenizer.json is unusable (${(cause as Error).message})`, { cause });
    }
    const declaredMax = tokenizerConfig.model_max_length;
    maxLength = typeof declaredMax === "number" && declaredMax > 0 ? Math.min(declaredMax, c.max_position_embeddings) : c.max_position_embeddings;
    [dim, vocabSize, padId, typeVocabSize] = [c.hidden_size, c.vocab_size, c.pad_token_id, c.type_vocab_size];
    if (c.id2label) labels = labelsFrom(c.id2label, name);
  }

  const session = await openSession(onnxFile, threads);
  try {
    const kind = spec.kind ?? inferKind(spec, config, session);
    if (kind === "gpt" && !decoder) throw new EngineError("MODEL_LOAD", `model "${name}": listed as gpt but config.json does not declare a causal LM`);
    if (kind === "gpt") checkDecoderGraph(name, decoder!.layers!, session);
    else checkGraph(name, kind, session);
    if (kind === "bert-cls" && !labels) throw new EngineError("MODEL_LOAD", `model "${name}": a bert-cls model needs id2label in config.json`);
    const info: ModelInfo = {
      name,
      kind,
      dim,
      vocab_size: vocabSize,
      max_length: maxLength,
      inputs: [...session.inputNames],
      outputs: [...session.outputNames],
      ...(kind === "bert-cls" ? { labels } : {}),
      ...(kind === "gpt" ? decoder : {}),
    };
    if (kind === "gpt") await warmUpDecoder(session, info);
    else await warmUp(session, maxLength);
    // The first tokenization pays for JIT and, for word2vec, jieba's dictionary (~0.5 s): not a user's request.
    tokenizer.encode("warm up 预热", maxLength);
    return { info, session, tokenizer, padId, typeVocabSize: session.inputNames.includes("token_type_ids") ? typeVocabSize : 0 };
  } catch (error) {
    await session.release();
    throw error;
  }
}
