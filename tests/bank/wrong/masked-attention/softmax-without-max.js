// Wrong: exponentiates the raw scores, so large scores overflow to Infinity and the output becomes NaN.
function attention(q, k, v, keyMask, causal, engine) {
  const tq = q.length;
  const tk = k.length;
  const dv = v.length ? v[0].length : 0;
  return q.map((query, i) => {
    const allowed = [];
    for (let j = 0; j < tk; j++) if (keyMask[j] && (!causal || j <= tk - tq + i)) allowed.push(j);
    if (allowed.length === 0) return new Array(dv).fill(0);
    const scale = Math.sqrt(query.length);
    const weights = allowed.map((j) => Math.exp(query.reduce((s, a, c) => s + a * k[j][c], 0) / scale));
    const total = weights.reduce((s, w) => s + w, 0);
    const row = new Array(dv).fill(0);
    weights.forEach((w, n) => {
      for (let c = 0; c < dv; c++) row[c] += (w / total) * v[allowed[n]][c];
    });
    return row;
  });
}
