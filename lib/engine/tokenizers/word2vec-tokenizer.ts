/**
 * Word2Vec tokenization: the models engineer's word tokenizer (the one the vectors were trained on),
 * then a vocabulary lookup; words without a vector are dropped and reported. Not capped at the model's
 * max_length: that bounds one forward row, not a text.
 */
import { LIMITS } from "../config";
import { wordTokenize } from "../word-tokenizer";
import type { TextTokenizer, Word2VecTokenizeResult } from "./types";

export class Word2VecTokenizer implements TextTokenizer {
  private readonly ids: Map<string, number>;
  readonly minLength = 1;
  /**
   * tokenize returns every in-vocabulary word (a word is at least one character, so this is "all of them");
   * one forward row still takes at most the model's max_length ids, so long texts are chunked by the caller.
   */
  readonly maxLength = LIMITS.maxTextChars;

  /**
   * @example
   * new Word2VecTokenizer(["[PAD]", "我", "喜欢"]).encode("我喜欢猫", 64)
   * // → { input_ids: [1, 2], tokens: ["我", "喜欢"], attention_mask: [1, 1], oov: ["猫"] }
   */
  constructor(vocabulary: readonly string[]) {
    this.ids = new Map();
    // The padding row is not a word: a user typing "[PAD]" must not hit it.
    vocabulary.forEach((word, id) => {
      if (!(id === 0 && word === "[PAD]") && !this.ids.has(word)) this.ids.set(word, id);
    });
  }

  encode(text: string, maxLength: number): Word2VecTokenizeResult {
    const input_ids: number[] = [];
    const tokens: string[] = [];
    const oov: string[] = [];
    // wordTokenize already applies NFKC + lowercase, exactly as for the training corpus.
    for (const word of wordTokenize(text)) {
      const id = this.ids.get(word);
      if (id === undefined) oov.push(word);
      else if (input_ids.length < maxLength) {
        input_ids.push(id);
        tokens.push(word);
      }
    }
    return { input_ids, tokens, attention_mask: input_ids.map(() => 1), oov };
  }
}
