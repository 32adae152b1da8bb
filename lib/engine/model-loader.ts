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
import { BertTokenizer } from "./tokenizers/bert-tokenizer";
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

function inferKind(spec: ModelSpec, config: Record<string, unknown>, outputs: readonly string[]): ModelKind {
  if (config.model_type === "word2vec") return "word2vec";
  if (config.id2label && outputs.includes("logits")) return "bert-cls";
  if (outputs.includes("last_hidden_state")) return "bert";
  throw new EngineError(
    "MODEL_LOAD",
    `model "${spec.name}": cannot tell its kind (outputs: ${outputs.join(", ")}); expected "logits" with config id2label, or "last_hidden_state"`,
  );
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

  // Parse every file before opening the session, so a bad file never costs a model load.
  let tokenizer: TextTokenizer;
  let dim: number, vocabSize: number, maxLength: number, padId: number, typeVocabSize: number;
  let labels: string[] | undefined;
  if (declaredWord2vec) {
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
    const kind = spec.kind ?? inferKind(spec, config, session.outputNames);
    checkGraph(name, kind, session);
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
    };
    await warmUp(session, maxLength);
    // The first tokenization pays for JIT and, for word2vec, jieba's dictionary (~0.5 s): not a user's request.
    tokenizer.encode("warm up 预热", maxLength);
    return { info, session, tokenizer, padId, typeVocabSize: session.inputNames.includes("token_type_ids") ? typeVocabSize : 0 };
  } catch (error) {
    await session.release();
    throw error;
  }
}
