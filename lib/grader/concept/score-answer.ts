/**
 * Scores a free-text answer to a concept question against the question's key points. Two signals per
 * key point, because each fails differently:
 *
 * - **lexical**: the share of the key point's content words (jieba/word tokenizer of the Word2Vec model,
 *   stopwords removed) that the answer contains. Precise, but blind to paraphrase.
 * - **semantic**: the best cosine similarity between the key point's Word2Vec sentence vector (mean of
 *   in-vocabulary word vectors, L2-normalised: the engine's `embed`) and the vector of any sentence or
 *   two-sentence window of the answer. Catches paraphrase, but averaged word vectors of any two
 *   on-topic sentences are already fairly similar, so on its own it over-credits.
 *
 * A key point is covered when the lexical signal is strong, or when the semantic signal is strong and
 * some of the key point's words are present (see THRESHOLDS; calibrated on the bank's seed questions,
 * docs/adr/0601-concept-answer-scoring.md). Score = covered / total key points.
 *
 * Pure apart from the engine passed in: no database, no Next, so it is unit-tested with the real model.
 */
import { wordTokenize } from "@/lib/engine/word-tokenizer";
import { STOPWORDS } from "./stopwords";

/** The one engine method the scorer needs (lib/engine's Engine satisfies it). */
export interface EmbeddingEngine {
  embed(model: string, texts: string[]): Promise<{ vectors: ArrayLike<number>[] }> | { vectors: ArrayLike<number>[] };
}

export interface KeyPointResult {
  text: string;
  covered: boolean;
  /** Best cosine similarity between the key point and an answer sentence window, in [-1, 1]. */
  semantic: number;
  /** Share of the key point's content words found in the answer, in [0, 1]. */
  lexical: number;
}

export interface AnswerScore {
  /** Covered key points / all key points, in [0, 1]; 0 when there are no key points. */
  score: number;
  keyPoints: KeyPointResult[];
}

export const THRESHOLDS = {
  /** Covered on words alone. */
  lexical: 0.5,
  /** Covered on meaning, provided at least `lexicalWithSemantic` of the words are there too. */
  semantic: 0.8,
  lexicalWithSemantic: 0.25,
} as const;

/** Answers longer than this are cut before scoring (the engine also caps tokens per call). */
export const MAX_ANSWER_CHARS = 8000;

const SENTENCE_END = /(?<=[。！？；!?;\n])|(?<=\.)\s+/u;

/** Splits an answer into sentences and overlapping two-sentence windows (a point may span a boundary). */
export function answerWindows(answer: string): string[] {
  const sentences = answer
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const windows = [...sentences];
  for (let i = 0; i + 1 < sentences.length; i++) windows.push(`${sentences[i]} ${sentences[i + 1]}`);
  return windows;
}

/** Content words: the Word2Vec tokenizer's words without stopwords. */
export function contentWords(text: string): string[] {
  return wordTokenize(text).filter((w) => !STOPWORDS.has(w));
}

/**
 * Share of `keyPoint`'s distinct content words present in the answer. A word also counts when it occurs
 * inside the answer's normalised text, so a different jieba split of the same characters
 * ("前向传播" vs "前向" + "传播") is not a miss.
 *
 * @example
 * lexicalCoverage("权重冻结，没有反向传播", "推理时权重是冻结的") // → 0.5 (权重, 冻结 of 权重, 冻结, 没有?, 反向传播 …)
 */
export function lexicalCoverage(keyPoint: string, answer: string): number {
  const wanted = [...new Set(contentWords(keyPoint))];
  if (wanted.length === 0) return 0;
  const have = new Set(wordTokenize(answer));
  const flat = answer.normalize("NFKC").toLowerCase();
  const found = wanted.filter((w) => have.has(w) || flat.includes(w)).length;
  return found / wanted.length;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * @example
 * const engine = getEngine();
 * await scoreAnswer({ answer: "先分词得到 token id……", keyPoints: ["输入处理：分词得到 token id"], locale: "zh", engine })
 * // → { score: 1, keyPoints: [{ text: "输入处理：分词得到 token id", covered: true, semantic: 0.9…, lexical: 0.75 }] }
 */
export async function scoreAnswer({
  answer,
  keyPoints,
  engine,
}: {
  answer: string;
  keyPoints: readonly string[];
  /** The answer's language; the tokenizer handles both, so it only matters for future per-locale tuning. */
  locale: "zh" | "en";
  engine: EmbeddingEngine;
}): Promise<AnswerScore> {
  const text = answer.slice(0, MAX_ANSWER_CHARS);
  if (keyPoints.length === 0) return { score: 0, keyPoints: [] };
  const windows = answerWindows(text);
  let semanticByPoint = keyPoints.map(() => 0);
  if (windows.length > 0) {
    const { vectors } = await engine.embed("word2vec", [...keyPoints, ...windows]);
    const pointVectors = vectors.slice(0, keyPoints.length);
    const windowVectors = vectors.slice(keyPoints.length);
    semanticByPoint = pointVectors.map((p) => Math.max(0, ...windowVectors.map((w) => cosine(p, w))));
  }
  const results = keyPoints.map((kp, i): KeyPointResult => {
    const lexical = lexicalCoverage(kp, text);
    const semantic = semanticByPoint[i];
    const covered =
      lexical >= THRESHOLDS.lexical || (semantic >= THRESHOLDS.semantic && lexical >= THRESHOLDS.lexicalWithSemantic);
    return { text: kp, covered, semantic, lexical };
  });
  const covered = results.filter((r) => r.covered).length;
  return { score: covered / keyPoints.length, keyPoints: results };
}
