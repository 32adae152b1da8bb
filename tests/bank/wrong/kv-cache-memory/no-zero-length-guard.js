// Wrong: divides the memory by the sequence size without handling seq_len 0, so max_batch becomes Infinity instead of 0.
function kvCachePlan(config, seqLen, memoryBytes, engine) {
  const perToken = 2 * config.layers * config.kv_heads * config.head_dim * config.bytes_per_value;
  const perSequence = perToken * seqLen;
  return { bytes_per_token: perToken, bytes_per_sequence: perSequence, max_batch: Math.floor(memoryBytes / perSequence) };
}
