/**
 * The engine's configuration: every knob has a description, a default and a validator, and the
 * environment is read here and nowhere else.
 */
import path from "node:path";
import { z } from "zod";
import { EngineError } from "./errors";

export type EngineConfig = {
  /** Folder holding manifest.json and one folder per model (HF export layout or word2vec layout). */
  modelsDir: string;
  /** ONNX Runtime intra-op threads per session (inter-op is 1: BERT graphs are sequential). */
  threads: number;
  /** How long a forward request waits for others to share its session.run; 0 disables batching. */
  batchWindowMs: number;
  /** Most sequences fused into one session.run by the micro-batcher. */
  maxBatch: number;
};

/** Hard limits on one request; a request may lower them (e.g. maxLength), never raise them. */
export const LIMITS = {
  /** Characters in one text given to tokenize/embed/classify/encode. */
  maxTextChars: 100_000,
  /** Texts in one embed/classify/encode call, and rows in one forward call. */
  maxRequestBatch: 64,
  /** Elements (batch × seq) of one input tensor of one forward call. */
  maxInputElements: 64 * 512,
  /**
   * Decoder LMs: logits one forward call makes ONNX Runtime compute (rows × new tokens × vocab_size; 2^25 float32 =
   * 128 MiB). The graph materialises them all even when only the last position is returned, so this bounds the
   * host memory one call can take; long prompts in big batches are prefilled in chunks (pass past).
   */
  maxDecoderLogits: 2 ** 25,
  /** Decoder LMs: logits one call may return with all_logits (2^21 numbers, ~16 MiB as plain arrays). */
  maxReturnedLogits: 2 ** 21,
} as const;

const threadsSchema = z.coerce.number().int().min(1).max(64);
const windowSchema = z.coerce.number().min(0).max(1000);
const maxBatchSchema = z.coerce.number().int().min(1).max(LIMITS.maxRequestBatch);

const ENV = {
  threads: { name: "CLOCKWISE_ENGINE_THREADS", schema: threadsSchema, fallback: 2, description: "intra-op threads per ONNX session (1–64)" },
  batchWindowMs: { name: "CLOCKWISE_ENGINE_BATCH_WINDOW_MS", schema: windowSchema, fallback: 2, description: "micro-batching window in ms (0–1000, 0 = off)" },
  maxBatch: { name: "CLOCKWISE_ENGINE_MAX_BATCH", schema: maxBatchSchema, fallback: 32, description: `sequences per fused run (1–${LIMITS.maxRequestBatch})` },
} as const;

function fromEnv<K extends keyof typeof ENV>(key: K, env: Readonly<Record<string, string | undefined>>): number {
  const { name, schema, fallback, description } = ENV[key];
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new EngineError("INVALID_INPUT", `${name}="${raw}" is invalid: expected ${description}`);
  return parsed.data;
}

function checked<T>(value: T, schema: z.ZodType<T>, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new EngineError("INVALID_INPUT", `${what}=${String(value)} is invalid: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/**
 * Resolves the configuration: explicit options win over environment variables, which win over defaults.
 *
 * @example
 * resolveEngineConfig({ threads: 1 }) // → { modelsDir: "<cwd>/models", threads: 1, batchWindowMs: 2, maxBatch: 32 }
 */
export function resolveEngineConfig(
  opts: Partial<EngineConfig> = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): EngineConfig {
  // The models folder is read at run time, never bundled: keep the build from tracing the whole project.
  const modelsDir = path.resolve(/*turbopackIgnore: true*/ opts.modelsDir ?? env.CLOCKWISE_MODELS_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "models"));
  return {
    modelsDir,
    threads: opts.threads === undefined ? fromEnv("threads", env) : checked(opts.threads, threadsSchema, "threads"),
    batchWindowMs:
      opts.batchWindowMs === undefined ? fromEnv("batchWindowMs", env) : checked(opts.batchWindowMs, windowSchema, "batchWindowMs"),
    maxBatch: opts.maxBatch === undefined ? fromEnv("maxBatch", env) : checked(opts.maxBatch, maxBatchSchema, "maxBatch"),
  };
}
