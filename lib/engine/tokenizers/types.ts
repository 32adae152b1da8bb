/** What `tokenize` returns, exactly as submissions see it (snake_case, plain arrays). */
export type BertTokenizeResult = {
  input_ids: number[];
  attention_mask: number[];
  token_type_ids: number[];
  tokens: string[];
};

export type Word2VecTokenizeResult = {
  input_ids: number[];
  tokens: string[];
  /** All ones: the ids are only in-vocabulary words, nothing is padding. */
  attention_mask: number[];
  /** Words of the text that are not in the vocabulary, dropped from input_ids, in text order. */
  oov: string[];
};

export type TokenizeResult = BertTokenizeResult | Word2VecTokenizeResult;

/** A model's text → ids step; `maxLength` is already checked against the model's limit. */
export interface TextTokenizer {
  encode(text: string, maxLength: number): TokenizeResult;
  /** Smallest maxLength that leaves room for at least the special tokens. */
  readonly minLength: number;
}
