// Mistake: KV-cache size counts only the keys (H_kv * S * d * bytes), forgetting the factor 2 for the values.
function gqaAttention(q, k, v, causal, bytesPerValue, engine) {
  const heads = q.length;
  const kvHeads = k.length;
  const group = heads / kvHeads;
  const seq = k[0].length;
  const dim = seq ? k[0][0].length : q.length && q[0].length ? q[0][0].length : 0;
  const mapping = q.map((_, h) => Math.floor(h / group));
  const output = q.map((queries, h) => {
    const keys = k[mapping[h]];
    const values = v[mapping[h]];
    return queries.map((query, i) => {
      const visible = causal ? seq - queries.length + i + 1 : seq;
      const scores = [];
      for (let j = 0; j < visible; j++) scores.push(query.reduce((s, a, c) => s + a * keys[j][c], 0) / Math.sqrt(dim));
      const top = Math.max(...scores);
      const weights = scores.map((s) => Math.exp(s - top));
      const total = weights.reduce((a, b) => a + b, 0);
      const row = [];
      for (let c = 0; c < dim; c++) {
        let s = 0;
        for (let j = 0; j < visible; j++) s += weights[j] * values[j][c];
        row.push(s / total);
      }
      return row;
    });
  });
  return {
    kv_head: mapping,
    output,
    kv_cache_bytes: kvHeads * seq * dim * bytesPerValue,
    mha_kv_cache_bytes: heads * seq * dim * bytesPerValue,
  };
}
