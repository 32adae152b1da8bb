/**
 * Negation scope for concept answers (zh and en). A concept answer that says the opposite of a key point uses the
 * key point's own words ("[CLS] is NOT used for classification"), so word overlap alone credits it. Here text is cut
 * into clauses (sentence and clause punctuation, 、, and contrast words such as "but"/"而是"), and inside a clause
 * every word after a negation cue is negated (each further cue flips it back: "not un-" style double negation is
 * rare in answers, and parity keeps "不是不需要" right). A word's polarity is then compared between key point and answer.
 *
 * Cues: en not / never / no / none / nothing / neither / nor / cannot / n't (isn't, doesn't …) and "no longer";
 * zh 不 / 没 / 没有 / 并不 / 并非 / 非 / 无 / 无需 / 无须 / 不会 / 不是 / 不用 / 不必 / 不需要 / 不能 / 无法 / 从不 / 从未 / 未 /
 * 不再 / 绝不 / 别 / 不要 / 不可. Jieba keeps lexicalised words whole (不变 "unchanged", 不同 "different", 不断
 * "continually"), so they are words, not cues. "not only", "not just" and "no matter" are not negations.
 *
 * @example
 * polarizedWords("Decode is not compute-bound, it is memory-bound")
 * // → [{ word: "decode", negated: false }, { word: "compute", negated: true }, { word: "bound", negated: true },
 * //    { word: "memory", negated: false }, { word: "bound", negated: false }]   (stopwords dropped)
 */
import { wordTokenize } from "@/lib/engine/word-tokenizer";
import { STOPWORDS } from "./stopwords";

const EN_CUES = new Set(["not", "never", "no", "none", "nothing", "neither", "nor", "cannot", "nobody", "nowhere"]);
const ZH_CUES = new Set([
  "不", "没", "没有", "并不", "并非", "非", "无", "无需", "无须", "不会", "不是", "不用", "不必", "不需要", "不能", "无法", "从不",
  "从未", "未", "不再", "绝不", "决不", "别", "不要", "不可", "毋须", "未必",
]);

/** Clause boundaries: sentence/clause punctuation (not the dot inside "0.5" or "e.g"), and contrast words. */
const CLAUSE_BREAK = /[。！？；;!?，,、:：\n]|\.(?=\s|$)|\b(?:but|however|whereas|instead|although|though|while|rather than)\b|而是|但是|但|然而|却|反而/giu;

function normalize(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/n['’]t\b/g, " not") // isn't → is not, doesn't → does not, can't → ca not
    .replace(/\b(?:not only|not just|no matter|no doubt)\b/g, " ");
}

/** Clauses of a text, normalised (NFKC, lower-case, contractions expanded). */
export function splitClauses(text: string): string[] {
  return normalize(text)
    .split(CLAUSE_BREAK)
    .map((c) => (c ?? "").trim())
    .filter((c) => c.length > 0);
}

export function isNegationCue(token: string): boolean {
  return EN_CUES.has(token) || ZH_CUES.has(token);
}

export interface PolarizedWord {
  word: string;
  /** An odd number of negation cues precede it in its clause. */
  negated: boolean;
}

/** Content words (stopwords and cues dropped) with their polarity, in text order. */
export function polarizedWords(text: string): PolarizedWord[] {
  const out: PolarizedWord[] = [];
  for (const clause of splitClauses(text)) {
    let negated = false;
    for (const token of wordTokenize(clause)) {
      if (isNegationCue(token)) {
        negated = !negated;
        continue;
      }
      if (!STOPWORDS.has(token)) out.push({ word: token, negated });
    }
  }
  return out;
}

/**
 * An answer cut into polarity segments: the runs of a clause before and after each cue. The run before the first cue
 * of a negated clause is its topic ("the padding mask" in "the padding mask does not make …"): it names what the
 * clause is about, so it is evidence neither for nor against a key point.
 */
export interface AnswerSegment {
  clause: number;
  negated: boolean;
  topic: boolean;
  words: Set<string>;
  /** The segment's tokens joined without spaces, so a differently split compound still matches ("前向传播"). */
  flat: string;
}

export function answerSegments(text: string): AnswerSegment[] {
  const segments: AnswerSegment[] = [];
  splitClauses(text).forEach((clause, index) => {
    const tokens = wordTokenize(clause);
    const hasCue = tokens.some(isNegationCue);
    let negated = false;
    let seenCue = false;
    let run: string[] = [];
    const flush = () => {
      if (run.length) segments.push({ clause: index, negated, topic: hasCue && !seenCue, words: new Set(run), flat: run.join("") });
      run = [];
    };
    for (const token of tokens) {
      if (isNegationCue(token)) {
        flush();
        negated = !negated;
        seenCue = true;
        continue;
      }
      run.push(token);
    }
    flush();
  });
  return segments;
}

export interface PolarityMatch {
  /** Key-point words the answer states with the key point's polarity (topics of negated clauses not counted). */
  agree: number;
  /** Key-point words the answer states only with the opposite polarity. */
  oppose: number;
  /** The most opposite-polarity key-point words inside one clause: opposition must be a claim, not scattered words. */
  opposeInOneClause: number;
  /** Distinct content words of the key point. */
  total: number;
}

/**
 * How the answer's use of a key point's words lines up with the key point's polarity.
 *
 * @example
 * const m = matchPolarity("[CLS] comes first", answerSegments("[CLS] does not come first"));
 * // m.agree → 0 ("cls" is the topic), m.oppose → 1 ("first")
 */
export function matchPolarity(keyPoint: string, segments: readonly AnswerSegment[]): PolarityMatch {
  const wanted = new Map<string, boolean>();
  for (const { word, negated } of polarizedWords(keyPoint)) if (!wanted.has(word)) wanted.set(word, negated);
  const has = (s: AnswerSegment, word: string) => s.words.has(word) || s.flat.includes(word);
  let agree = 0;
  const opposed: string[] = [];
  for (const [word, negated] of wanted) {
    const found = segments.filter((s) => !s.topic && has(s, word));
    if (found.some((s) => s.negated === negated)) agree += 1;
    else if (found.length > 0) opposed.push(word);
  }
  const perClause = new Map<number, number>();
  for (const word of opposed) {
    const clauses = new Set(segments.filter((s) => !s.topic && s.negated !== wanted.get(word) && has(s, word)).map((s) => s.clause));
    for (const c of clauses) perClause.set(c, (perClause.get(c) ?? 0) + 1);
  }
  return { agree, oppose: opposed.length, opposeInOneClause: Math.max(0, ...perClause.values()), total: wanted.size };
}

/**
 * Keyword stuffing: a run of terms without the function words every real sentence has (articles, particles, 的/是/和…).
 * Answers under `minWords` words are too short to judge.
 *
 * @example
 * looksKeywordStuffed("KV cache prefill decode attention TTFT TPOT batching") // → true
 * looksKeywordStuffed("Prefill runs the whole prompt in parallel and sets the TTFT") // → false
 */
export function looksKeywordStuffed(text: string, { minWords = 6, maxFunctionShare = 0.06 } = {}): boolean {
  const tokens = wordTokenize(normalize(text));
  if (tokens.length < minWords) return false;
  const functionWords = tokens.filter((t) => STOPWORDS.has(t) || isNegationCue(t)).length;
  return functionWords / tokens.length <= maxFunctionShare;
}
