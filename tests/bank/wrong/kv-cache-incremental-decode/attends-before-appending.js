// Wrong: in decode steps the new token attends to the cache before its own k/v are appended, so it never sees itself.
function decodeWithKvCache(model, prompt, newTokens, engine) {
  const { embed, pos, layers } = model;
  const d = embed[0].length;
  const caches = layers.map(() => ({ k: [], v: [] }));
  const times = (x, w) => w[0].map((_, j) => x.reduce((s, xi, i) => s + xi * w[i][j], 0));
  const dot = (a, b) => a.reduce((s, ai, i) => s + ai * b[i], 0);

  function attend(q, keys, values) {
    const scores = keys.map((k) => dot(q, k) / Math.sqrt(d));
    const top = Math.max(...scores);
    const w = scores.map((s) => Math.exp(s - top));
    const total = w.reduce((s, x) => s + x, 0);
    const out = new Array(d).fill(0);
    w.forEach((wi, i) => values[i].forEach((x, j) => (out[j] += (wi * x) / total)));
    return out;
  }

  // Prefill: all prompt positions at once with a causal mask (correct).
  function prefill() {
    let hs = prompt.map((t, p) => embed[t].map((e, i) => e + pos[p][i]));
    layers.forEach((layer, l) => {
      const ks = hs.map((h) => times(h, layer.wk));
      const vs = hs.map((h) => times(h, layer.wv));
      caches[l].k.push(...ks);
      caches[l].v.push(...vs);
      hs = hs.map((h, t) => {
        const o = times(attend(times(h, layer.wq), ks.slice(0, t + 1), vs.slice(0, t + 1)), layer.wo);
        return h.map((x, i) => x + o[i]);
      });
    });
    return embed.map((row) => dot(hs[hs.length - 1], row));
  }

  function step(token, position) {
    let h = embed[token].map((e, i) => e + pos[position][i]);
    layers.forEach((layer, l) => {
      const c = caches[l];
      const o = times(attend(times(h, layer.wq), c.k, c.v), layer.wo);
      c.k.push(times(h, layer.wk));
      c.v.push(times(h, layer.wv));
      h = h.map((x, i) => x + o[i]);
    });
    return embed.map((row) => dot(h, row));
  }

  if (newTokens === 0) return { tokens: [], logits: [] };
  let logits = prefill();
  const tokens = [];
  const history = [];
  while (true) {
    let best = 0;
    logits.forEach((z, i) => {
      if (z > logits[best]) best = i;
    });
    tokens.push(best);
    history.push(logits);
    if (tokens.length === newTokens) return { tokens, logits: history };
    logits = step(best, prompt.length + tokens.length - 1);
  }
}
