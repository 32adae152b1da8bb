/**
 * Scores a free-text answer to a concept question against the question's key points. Two signals per
 * key point, because each fails differently:
 *
 * - **lexical**: the share of the key point's content words (jieba/word tokenizer of the Word2Vec model,
 *   stopwords removed) that the answer contains. Precise, but blind to paraphrase.
 * - **semantic**: a soft version of the same recall: for each content word of the key point, the best
 *   cosine similarity between its Word2Vec vector and any answer word's vector, averaged over the
 *   key point's words (BERTScore-style recall on word vectors). Catches synonyms and translations the
 *   tokenizer splits differently, but on-topic words are all fairly close in this small model, so on
 *   its own it over-credits. (Whole-sentence mean vectors were tried first: any two sentences, even an
 *   off-topic one, scored cosine ≥ 0.8, so they could not separate anything.)
 *
 * A key point is covered when the lexical signal is strong, or the semantic one is strong and some of
 * the words are there too, or the semantic one is very strong (THRESHOLDS; calibrated on the seed
 * questions with good / paraphrased / vague / off-topic answers, docs/adr/0601-concept-answer-scoring.md).
 * Score = covered key points / all key points.
 *
 * Pure apart from the engine passed in: no database, no Next, so it is unit-tested with the real model.
 */
import { wordTokenize } from "@/lib/engine/word-tokenizer";
import { answerSegments, looksKeywordStuffed, matchPolarity, type AnswerSegment } from "./negation";
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
  /** Share of the key point's content words the answer states with the key point's polarity, in [0, 1]. */
  lexical: number;
  /**
   * The answer uses the key point's words mostly under the opposite polarity ("X is not Y" against "X is Y"):
   * never covered, whatever the similarity (docs/adr/0603-negation-aware-concept-scoring.md).
   */
  contradicted: boolean;
}

export interface AnswerScore {
  /** Covered key points / all key points, in [0, 1]; 0 when there are no key points. */
  score: number;
  keyPoints: KeyPointResult[];
  /** The answer is a list of terms without sentences: no key point is credited. */
  stuffed: boolean;
}

export const THRESHOLDS = {
  /** Covered on words alone: half the key point's content words appear in the answer. */
  lexical: 0.5,
  /** Covered on meaning, provided at least `lexicalWithSemantic` of the words are there too. */
  semantic: 0.8,
  lexicalWithSemantic: 0.2,
  /** Covered on meaning alone (no vague or off-topic calibration answer reached 0.85). */
  semanticAlone: 0.9,
  /** A key-point clause is opposed when one answer clause states at least this many of its words with the opposite polarity. */
  opposeMin: 2,
} as const;

/** Answers longer than this are cut before scoring (the engine also caps tokens per call). */
export const MAX_ANSWER_CHARS = 8000;

/** The engine takes at most 64 texts per call. */
const EMBED_BATCH = 64;
/** Distinct answer words compared (bounds the work at ~key points × words × dim). */
const MAX_ANSWER_WORDS = 600;

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
 * lexicalCoverage("权重冻结，没有反向传播", "推理时权重是冻结的") // → 0.5 (权重 and 冻结 of 权重, 冻结, 没有, 反向传播)
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
 * Per key point: the mean, over its content words, of the best cosine similarity to any content word
 * of the answer (a BERTScore-style recall on Word2Vec word vectors). Words outside the vocabulary get
 * a zero vector, so they count as unmatched unless the very same word is in the answer.
 */
async function softWordRecall(keyPoints: readonly string[], answer: string, engine: EmbeddingEngine): Promise<number[]> {
  const pointWords = keyPoints.map((kp) => [...new Set(contentWords(kp))]);
  const answerWords = [...new Set(contentWords(answer))].slice(0, MAX_ANSWER_WORDS);
  if (answerWords.length === 0) return keyPoints.map(() => 0);
  const vocabulary = [...new Set([...pointWords.flat(), ...answerWords])];
  const vectors: ArrayLike<number>[] = [];
  for (let i = 0; i < vocabulary.length; i += EMBED_BATCH) {
    vectors.push(...(await engine.embed("word2vec", vocabulary.slice(i, i + EMBED_BATCH))).vectors);
  }
  const vectorOf = new Map(vocabulary.map((w, i) => [w, vectors[i]]));
  const answerSet = new Set(answerWords);
  return pointWords.map((words) => {
    if (words.length === 0) return 0;
    let sum = 0;
    for (const w of words) {
      if (answerSet.has(w)) {
        sum += 1;
        continue;
      }
      const v = vectorOf.get(w)!;
      let best = 0;
      for (const a of answerWords) best = Math.max(best, cosine(v, vectorOf.get(a)!));
      sum += best;
    }
    return sum / words.length;
  });
}

/**
 * A key point is contradicted when the answer states its words mostly with the opposite polarity: at least `opposeMin`
 * of them inside one answer clause, and no fewer opposing than agreeing words overall. (Judging each clause of a
 * compound key point separately was tried: it spared one compound point negated in another context, but let 6 of 25
 * negated answers through; ADR 0603.)
 */
function contradicts(keyPoint: string, segments: readonly AnswerSegment[]): boolean {
  const m = matchPolarity(keyPoint, segments);
  return m.opposeInOneClause >= THRESHOLDS.opposeMin && m.oppose >= m.agree;
}

/**
 * @example
 * const engine = getEngine();
 * await scoreAnswer({ answer: "先分词得到 token id……", keyPoints: ["输入处理：分词得到 token id"], locale: "zh", engine })
 * // → { score: 1, keyPoints: [{ text: "输入处理：分词得到 token id", covered: true, semantic: 0.9…, lexical: 0.67 }] }
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
  if (keyPoints.length === 0) return { score: 0, keyPoints: [], stuffed: false };
  const stuffed = looksKeywordStuffed(text);
  const segments = answerSegments(text);
  const semanticByPoint = await softWordRecall(keyPoints, text, engine);
  const results = keyPoints.map((kp, i): KeyPointResult => {
    // Lexical evidence counts only the words stated the way the key point states them; words the answer negates
    // (or un-negates) are evidence against it.
    const polarity = matchPolarity(kp, segments);
    const lexical = polarity.total === 0 ? 0 : polarity.agree / polarity.total;
    const contradicted = contradicts(kp, segments);
    const semantic = semanticByPoint[i];
    const supported =
      lexical >= THRESHOLDS.lexical ||
      (semantic >= THRESHOLDS.semantic && lexical >= THRESHOLDS.lexicalWithSemantic) ||
      semantic >= THRESHOLDS.semanticAlone;
    return { text: kp, covered: supported && !contradicted && !stuffed, semantic, lexical, contradicted };
  });
  const covered = results.filter((r) => r.covered).length;
  return { score: covered / keyPoints.length, keyPoints: results, stuffed };
}

export type AnswerVerdict = "correct" | "partial" | "contradicted" | "off-topic" | "stuffed";

/** Score bands of the verdict. */
export const VERDICT_BANDS = { correct: 0.6, partial: 0.2 } as const;

/**
 * The one-word hint shown with the automatic score (the candidate's self-assessment decides the rating). An answer
 * that contradicts key points is never "correct": contradicting as many points as it covers makes it "contradicted",
 * fewer makes it at best "partial".
 *
 * @example
 * answerVerdict({ score: 0.75, stuffed: false, keyPoints: [covered, covered, covered, contradicted] }) // → "partial"
 */
export function answerVerdict(result: Pick<AnswerScore, "score" | "stuffed" | "keyPoints">): AnswerVerdict {
  if (result.stuffed) return "stuffed";
  const contradicted = result.keyPoints.filter((k) => k.contradicted).length;
  const covered = result.keyPoints.filter((k) => k.covered).length;
  if (contradicted > 0 && contradicted >= covered) return "contradicted";
  if (result.score >= VERDICT_BANDS.correct && contradicted === 0) return "correct";
  if (result.score >= VERDICT_BANDS.partial) return "partial";
  return "off-topic";
}
