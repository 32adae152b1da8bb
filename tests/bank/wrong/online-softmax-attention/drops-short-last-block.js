// Wrong: the number of blocks is floor(n_k / B), so a short last block of keys is never processed.
function onlineSoftmaxAttention(q, k, v, block, causal, engine) {
  const nQ = q.length, nK = k.length, dV = v[0].length;
  const scale = 1 / Math.sqrt(q[0].length);
  const m = new Array(nQ).fill(-Infinity);
  const l = new Array(nQ).fill(0);
  const acc = q.map(() => new Array(dV).fill(0));
  const trace = [];
  const blocks = Math.floor(nK / block);
  for (let b = 0; b < blocks; b++) {
    const start = b * block;
    for (let i = 0; i < nQ; i++) {
      const js = [];
      for (let j = start; j < start + block; j++) if (!causal || j <= i + nK - nQ) js.push(j);
      if (js.length === 0) continue;
      const scores = js.map((j) => q[i].reduce((s, a, c) => s + a * k[j][c], 0) * scale);
      const newM = Math.max(m[i], ...scores);
      const r = Math.exp(m[i] - newM);
      l[i] *= r;
      acc[i] = acc[i].map((x) => x * r);
      js.forEach((j, t) => {
        const w = Math.exp(scores[t] - newM);
        l[i] += w;
        for (let c = 0; c < dV; c++) acc[i][c] += w * v[j][c];
      });
      m[i] = newM;
    }
    trace.push({ m: [...m], l: [...l] });
  }
  return { out: acc.map((row, i) => row.map((x) => x / l[i])), m, l, trace };
}
