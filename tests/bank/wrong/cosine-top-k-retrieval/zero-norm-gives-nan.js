// Wrong: divides by the norms without checking for a zero vector, so an empty or all-unknown text scores NaN instead of 0.
async function sentenceVector(text, engine) {
  const { dim } = await engine.info("word2vec");
  const ids = (await engine.tokenize("word2vec", text)).input_ids;
  if (ids.length === 0) return new Array(dim).fill(0);
  const vectors = (await engine.forward("word2vec", { input_ids: [ids] })).vectors[0];
  const total = new Array(dim).fill(0);
  for (const v of vectors) for (let i = 0; i < dim; i++) total[i] += v[i];
  return total.map((x) => x / vectors.length);
}

async function topKDocuments(query, docs, k, engine) {
  const q = await sentenceVector(query, engine);
  const norm = (v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const scores = [];
  for (const doc of docs) {
    const d = await sentenceVector(doc, engine);
    scores.push(q.reduce((s, x, i) => s + x * d[i], 0) / (norm(q) * norm(d)));
  }
  const order = docs.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b).slice(0, k);
  return { indices: order, scores: order.map((i) => scores[i]) };
}
