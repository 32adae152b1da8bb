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

/** Decoder LMs (byte-level BPE): no special tokens added; attention_mask all ones (for batching). */
export type GptTokenizeResult = {
  input_ids: number[];
  attention_mask: number[];
  /** The byte-level BPE pieces (GPT-2 spelling: "Ġthe" is " the"); decode(ids) gives the text. */
  tokens: string[];
};

export type TokenizeResult = BertTokenizeResult | Word2VecTokenizeResult | GptTokenizeResult;

/** A model's text → ids step; `maxLength` is already checked against the model's limit. */
export interface TextTokenizer {
  encode(text: string, maxLength: number): TokenizeResult;
  /** Smallest maxLength that leaves room for at least the special tokens. */
  readonly minLength: number;
  /**
   * Most ids `tokenize` may return, when that is not the model's max_length (the most one forward row takes).
   * Word2Vec sets it so tokenize returns every in-vocabulary word of a long text and the caller chunks the
   * ids into forward calls of at most max_length; BERT leaves it unset (truncation adds [SEP] at max_length).
   */
  readonly maxLength?: number;
  /** Ids → text; only decoder LMs' tokenizers have it. */
  decode?(ids: number[], skipSpecialTokens?: boolean): string;
}
