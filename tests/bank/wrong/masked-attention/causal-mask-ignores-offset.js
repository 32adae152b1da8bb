// Wrong: the causal mask compares key j with the query's index i instead of its absolute position
// Tk - Tq + i, so a decoding query (Tq = 1) only sees the first cached key.
function attention(q, k, v, keyMask, causal, engine) {
  const dv = v.length ? v[0].length : 0;
  return q.map((query, i) => {
    const allowed = [];
    for (let j = 0; j < k.length; j++) if (keyMask[j] && (!causal || j <= i)) allowed.push(j);
    if (allowed.length === 0) return new Array(dv).fill(0);
    const scores = allowed.map((j) => query.reduce((s, a, c) => s + a * k[j][c], 0) / Math.sqrt(query.length));
    const top = Math.max(...scores);
    const weights = scores.map((s) => Math.exp(s - top));
    const total = weights.reduce((s, w) => s + w, 0);
    const row = new Array(dv).fill(0);
    weights.forEach((w, n) => {
      for (let c = 0; c < dv; c++) row[c] += (w / total) * v[allowed[n]][c];
    });
    return row;
  });
}
