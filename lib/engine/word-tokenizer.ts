/**
 * The word tokenizer of the Word2Vec model: the same function segments the training corpus
 * (models/build/segment-corpus.ts) and user text at inference time, so the two can never drift.
 *
 * Chinese is segmented by jieba (@node-rs/jieba, its bundled 349k-word dictionary, HMM off so the
 * result depends only on the dictionary); English and other scripts come out as jieba's
 * whitespace/punctuation-separated runs.
 */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";

/** Pieces made only of punctuation, symbols or whitespace carry no word meaning and are dropped. */
const PUNCTUATION_OR_SPACE = /^[\p{P}\p{S}\s]+$/u;

// Loading the dictionary takes ~0.5 s, so it happens once, on first use.
let jieba: Jieba | undefined;

function segmenter(): Jieba {
  if (!jieba) jieba = Jieba.withDict(dict);
  return jieba;
}

/**
 * Splits text into lower-cased words: NFKC-normalised, jieba-segmented (HMM off), with empty,
 * whitespace and pure punctuation/symbol pieces removed.
 *
 * @example
 * wordTokenize("我喜欢吃饭 Hello, World!") // → ["我", "喜欢", "吃饭", "hello", "world"]
 */
export function wordTokenize(text: string): string[] {
  const normalized = text.normalize("NFKC").toLowerCase();
  const words: string[] = [];
  for (const piece of segmenter().cut(normalized, false)) {
    const word = piece.trim();
    if (word.length > 0 && !PUNCTUATION_OR_SPACE.test(word)) words.push(word);
  }
  return words;
}
