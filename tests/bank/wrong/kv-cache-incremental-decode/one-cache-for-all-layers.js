// Wrong: a single K/V cache is shared by every layer, so each layer attends to the other layers' keys and values too.
function decodeWithKvCache(model, prompt, newTokens, engine) {
  const { embed, pos, layers } = model;
  const d = embed[0].length;
  const cache = { k: [], v: [] };
  const times = (x, w) => w[0].map((_, j) => x.reduce((s, xi, i) => s + xi * w[i][j], 0));
  const dot = (a, b) => a.reduce((s, ai, i) => s + ai * b[i], 0);

  function feed(token, position) {
    let h = embed[token].map((e, i) => e + pos[position][i]);
    for (const layer of layers) {
      const q = times(h, layer.wq);
      cache.k.push(times(h, layer.wk));
      cache.v.push(times(h, layer.wv));
      const scores = cache.k.map((k) => dot(q, k) / Math.sqrt(d));
      const top = Math.max(...scores);
      const w = scores.map((s) => Math.exp(s - top));
      const total = w.reduce((s, x) => s + x, 0);
      const mixed = new Array(d).fill(0);
      w.forEach((wi, i) => cache.v[i].forEach((x, j) => (mixed[j] += (wi * x) / total)));
      const out = times(mixed, layer.wo);
      h = h.map((x, i) => x + out[i]);
    }
    return embed.map((row) => dot(h, row));
  }

  if (newTokens === 0) return { tokens: [], logits: [] };
  let logits;
  prompt.forEach((t, p) => (logits = feed(t, p)));
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
    logits = feed(best, prompt.length + tokens.length - 1);
  }
}
