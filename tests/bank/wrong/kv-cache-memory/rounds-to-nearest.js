// Wrong: rounds max_batch to the nearest integer, promising a sequence that does not fit (2.99 sequences become 3).
function kvCachePlan(config, seqLen, memoryBytes, engine) {
  const perToken = 2 * config.layers * config.kv_heads * config.head_dim * config.bytes_per_value;
  const perSequence = perToken * seqLen;
  return { bytes_per_token: perToken, bytes_per_sequence: perSequence, max_batch: perSequence > 0 ? Math.round(memoryBytes / perSequence) : 0 };
}
