// Wrong: the running maximum starts at 0 instead of -Infinity, so m and l are wrong whenever every score is negative.
function onlineSoftmaxAttention(q, k, v, block, causal, engine) {
  const nQ = q.length, nK = k.length, dV = v[0].length;
  const scale = 1 / Math.sqrt(q[0].length);
  const m = new Array(nQ).fill(0);
  const l = new Array(nQ).fill(0);
  const acc = q.map(() => new Array(dV).fill(0));
  const trace = [];
  for (let start = 0; start < nK; start += block) {
    for (let i = 0; i < nQ; i++) {
      let last = Math.min(start + block, nK) - 1;
      if (causal) last = Math.min(last, i + nK - nQ);
      if (last < start) continue;
      const scores = [];
      for (let j = start; j <= last; j++) scores.push(q[i].reduce((s, a, c) => s + a * k[j][c], 0) * scale);
      const newM = Math.max(m[i], ...scores);
      const r = Math.exp(m[i] - newM);
      const w = scores.map((s) => Math.exp(s - newM));
      l[i] = l[i] * r + w.reduce((s, x) => s + x, 0);
      for (let c = 0; c < dV; c++) acc[i][c] = acc[i][c] * r + w.reduce((s, x, t) => s + x * v[start + t][c], 0);
      m[i] = newM;
    }
    trace.push({ m: [...m], l: [...l] });
  }
  return { out: acc.map((row, i) => row.map((x) => x / l[i])), m, l, trace };
}
