// Mistake: ring all-reduce traffic counted as (P-1)/P of the payload, forgetting the all-gather half (the factor 2).
function tensorParallelMlp(x, w1, b1, w2, b2, shards, engine) {
  const hidden = b1.length;
  const outDim = b2.length;
  const base = Math.floor(hidden / shards);
  const extra = hidden % shards;
  const sizes = Array.from({ length: shards }, (_, i) => (i < extra ? base + 1 : base));
  const partials = [];
  let lo = 0;
  for (const size of sizes) {
    const hi = lo + size;
    partials.push(
      x.map((row) => {
        const y = [];
        for (let j = lo; j < hi; j++) {
          let s = b1[j];
          for (let r = 0; r < row.length; r++) s += row[r] * w1[r][j];
          y.push(Math.max(s, 0));
        }
        return b2.map((_, c) => y.reduce((s, v, j) => s + v * w2[lo + j][c], 0));
      }),
    );
    lo = hi;
  }
  const output = x.map((_, t) => b2.map((bias, c) => partials.reduce((s, p) => s + p[t][c], 0) + bias));
  const payload = shards > 1 ? x.length * outDim * 4 : 0;
  return {
    output,
    partials,
    shard_sizes: sizes,
    all_reduces: shards > 1 ? 1 : 0,
    all_reduce_bytes: payload,
    ring_bytes_per_gpu: ((shards - 1) / shards) * payload,
  };
}
