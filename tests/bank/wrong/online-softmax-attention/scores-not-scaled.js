// Wrong: the scores q·k are not divided by sqrt(d), so the softmax is too sharp and m is too large.
function onlineSoftmaxAttention(q, k, v, block, causal, engine) {
  const nQ = q.length;
  const nK = k.length;
  const dV = v[0].length;
  const scale = 1;
  const offset = nK - nQ;
  const m = new Array(nQ).fill(-Infinity);
  const l = new Array(nQ).fill(0);
  const acc = q.map(() => new Array(dV).fill(0));
  const trace = [];
  for (let start = 0; start < nK; start += block) {
    for (let i = 0; i < nQ; i++) {
      let last = Math.min(start + block, nK) - 1;
      if (causal) last = Math.min(last, i + offset);
      if (last < start) continue; // the whole block is masked for this query
      const scores = [];
      for (let j = start; j <= last; j++) scores.push(q[i].reduce((s, a, c) => s + a * k[j][c], 0) * scale);
      const newM = Math.max(m[i], ...scores);
      const rescale = Math.exp(m[i] - newM); // exp(-Infinity) === 0 on the first visible block
      const weights = scores.map((s) => Math.exp(s - newM));
      l[i] = l[i] * rescale + weights.reduce((s, w) => s + w, 0);
      for (let c = 0; c < dV; c++) {
        acc[i][c] = acc[i][c] * rescale + weights.reduce((s, w, t) => s + w * v[start + t][c], 0);
      }
      m[i] = newM;
    }
    trace.push({ m: [...m], l: [...l] });
  }
  const out = acc.map((row, i) => row.map((x) => x / l[i]));
  return { out, m, l, trace };
}
