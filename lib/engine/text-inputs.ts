/**
 * The input stage for text: checks texts, tokenizes them with the model's tokenizer and packs the
 * ids into one padded batch.
 * untrusted: texts come from user code and HTTP bodies.
 */
import { LIMITS } from "./config";
import { describeValue, EngineError } from "./errors";
import type { LoadedModel } from "./model-loader";
import { packRows, type SequenceBatch } from "./sequence-batch";
import type { TokenizeResult } from "./tokenizers/types";

export type EncodedTexts = {
  encodings: TokenizeResult[];
  /** Null when no text has a single token (word2vec with only out-of-vocabulary words). */
  batch: SequenceBatch | null;
  /** Real (unpadded) tokens over all texts. */
  tokens: number;
};

/** Throws unless `text` is a string within the size limit. */
export function checkText(text: unknown, where = "text"): asserts text is string {
  if (typeof text !== "string") throw new EngineError("INVALID_INPUT", `${where} must be a string, got ${text === null ? "null" : typeof text}`);
  if (text.length > LIMITS.maxTextChars) {
    throw new EngineError("TOO_LARGE", `${where} has ${text.length} characters; the limit is ${LIMITS.maxTextChars}`);
  }
}

/** Throws unless `texts` is a non-empty list of at most maxRequestBatch acceptable strings. */
export function checkTexts(texts: unknown): asserts texts is string[] {
  if (!Array.isArray(texts)) throw new EngineError("INVALID_INPUT", "texts must be a list of strings");
  if (texts.length === 0) throw new EngineError("INVALID_INPUT", "texts must not be empty");
  if (texts.length > LIMITS.maxRequestBatch) {
    throw new EngineError("TOO_LARGE", `${texts.length} texts exceed the limit of ${LIMITS.maxRequestBatch} per call`);
  }
  texts.forEach((text, i) => checkText(text, `texts[${i}]`));
}

/**
 * Resolves a requested tokenize max length against the model's limit: a request may lower it, never raise
 * it. The limit is the model's max_length, or the tokenizer's own when it has one (word2vec: every word).
 *
 * @example
 * effectiveMaxLength(bert, 16) // → 16;  effectiveMaxLength(bert, undefined) // → bert.info.max_length
 * effectiveMaxLength(word2vec, undefined) // → LIMITS.maxTextChars (all in-vocabulary words of the text)
 */
export function effectiveMaxLength(model: LoadedModel, requested: unknown): number {
  const own = model.tokenizer.maxLength;
  const limit = own ?? model.info.max_length;
  if (requested === undefined || requested === null) return limit;
  if (typeof requested !== "number" || !Number.isInteger(requested) || requested < model.tokenizer.minLength) {
    throw new EngineError("INVALID_INPUT", `maxLength must be an integer ≥ ${model.tokenizer.minLength}, got ${describeValue(requested)}`);
  }
  if (requested > limit) {
    const what = own === undefined ? `model "${model.info.name}" max_length` : `the tokenize limit of model "${model.info.name}"`;
    throw new EngineError("TOO_LARGE", `maxLength ${requested} exceeds ${what} ${limit}`);
  }
  return requested;
}

/** Tokenizes every text and pads the ids into one batch with the inputs the graph takes. */
export function encodeTexts(model: LoadedModel, texts: string[]): EncodedTexts {
  const encodings = texts.map((text) => model.tokenizer.encode(text, model.info.max_length));
  const tokens = encodings.reduce((sum, e) => sum + e.input_ids.length, 0);
  if (tokens === 0 && model.info.kind === "word2vec") return { encodings, batch: null, tokens };
  const rows: Record<string, number[][]> = {};
  for (const name of model.info.inputs) {
    if (name === "input_ids") rows[name] = encodings.map((e) => e.input_ids);
    else if (name === "attention_mask") rows[name] = encodings.map((e) => e.attention_mask);
    else if (name === "token_type_ids") rows[name] = encodings.map((e) => ("token_type_ids" in e ? e.token_type_ids : e.input_ids.map(() => 0)));
  }
  return { encodings, batch: packRows(rows, { input_ids: BigInt(model.padId) }), tokens };
}
