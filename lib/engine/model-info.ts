/** What the engine tells callers about a loaded model; the shapes submissions see via engine.info(). */
export type ModelKind = "word2vec" | "bert" | "bert-cls" | "gpt";

export type ModelInfo = {
  name: string;
  kind: ModelKind;
  /** Vector size: word2vec dimension, or the BERT hidden size. */
  dim: number;
  /** Rows of the embedding table: every input id must be below this. */
  vocab_size: number;
  /** Longest sequence (tokens, including [CLS]/[SEP] for BERT) the model accepts. */
  max_length: number;
  /** Graph input names, in graph order. */
  inputs: string[];
  /** Graph output names, in graph order. */
  outputs: string[];
  /** Class names in logit order (bert-cls only). */
  labels?: string[];
  /** Decoder LMs (gpt) only: transformer layers, attention heads and head size (the KV cache's shape). */
  layers?: number;
  heads?: number;
  head_dim?: number;
  /** Decoder LMs only: the end-of-sequence token id (generation stops after it). */
  eos_id?: number;
  /** Decoder LMs only: the id to left-pad rows with (masked out by attention_mask; the EOS id when the model has no pad token). */
  pad_id?: number;
};

/** Outputs of rank ≥ 3 are per token ([batch, seq, …]); the batcher trims them back to each caller's length. */
export const SEQUENCE_OUTPUTS = ["vectors", "last_hidden_state"] as const;
