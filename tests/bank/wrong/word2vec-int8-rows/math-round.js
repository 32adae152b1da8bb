// Mistake: uses Math.round, which rounds halves towards +infinity (-2.5 -> -2), instead of away from zero.
const roundAway = (v) => (v >= 0 ? Math.floor(v + 0.5) : -Math.floor(-v + 0.5));

function cosine(a, b) {
  const na = Math.sqrt(a.reduce((s, x) => s + x * x, 0));
  const nb = Math.sqrt(b.reduce((s, x) => s + x * x, 0));
  if (na === 0 || nb === 0) return 0;
  return a.reduce((s, x, i) => s + x * b[i], 0) / (na * nb);
}

function neighbours(rows, k) {
  return rows.map((row, i) => {
    const others = rows.map((_, j) => j).filter((j) => j !== i);
    const sims = new Map(others.map((j) => [j, cosine(row, rows[j])]));
    return others.sort((a, b) => sims.get(b) - sims.get(a) || a - b).slice(0, k);
  });
}

async function int8Rows(words, extraRows, k, engine) {
  const kept = [];
  const rows = [];
  for (const text of words) {
    const ids = (await engine.tokenize("word2vec", text)).input_ids;
    if (ids.length === 0) continue;
    const vectors = (await engine.forward("word2vec", { input_ids: [ids] })).vectors[0];
    kept.push(text);
    rows.push(vectors[0].map((_, d) => vectors.reduce((s, v) => s + v[d], 0) / vectors.length));
  }
  for (const r of extraRows) rows.push([...r]);
  const q = [];
  const scales = [];
  const restored = [];
  const cosines = [];
  for (const row of rows) {
    const top = row.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    const scale = top / 127;
    const qr = scale === 0 ? row.map(() => 0) : row.map((x) => Math.max(-127, Math.min(127, Math.round(x / scale))));
    const back = qr.map((v) => v * scale);
    q.push(qr);
    scales.push(scale);
    restored.push(back);
    cosines.push(top === 0 ? 1 : cosine(row, back));
  }
  const before = neighbours(rows, k);
  const after = neighbours(restored, k);
  let hits = 0;
  let total = 0;
  before.forEach((a, i) => {
    const set = new Set(after[i]);
    hits += a.filter((j) => set.has(j)).length;
    total += a.length;
  });
  return {
    kept,
    q,
    scales,
    mean_cosine: cosines.length ? cosines.reduce((s, c) => s + c, 0) / cosines.length : 1,
    recall: total ? hits / total : 1,
  };
}
