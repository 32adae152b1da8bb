// Wrong: counts only the keys, forgetting that every layer also stores the values.
function kvCachePlan(config, seqLen, memoryBytes, engine) {
  const perToken = config.layers * config.kv_heads * config.head_dim * config.bytes_per_value;
  const perSequence = perToken * seqLen;
  return { bytes_per_token: perToken, bytes_per_sequence: perSequence, max_batch: perSequence > 0 ? Math.floor(memoryBytes / perSequence) : 0 };
}
