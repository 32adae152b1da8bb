// Mistake: takes the first n_lists vectors as initial centroids without skipping duplicates, so identical documents give identical centroids and an empty list.
async function unitVectors(texts, engine) {
  const limit = (await engine.info("word2vec")).max_length;
  const idsPerText = [];
  for (const t of texts) idsPerText.push((await engine.tokenize("word2vec", t)).input_ids);
  const flat = idsPerText.flat();
  const vectors = [];
  for (let start = 0; start < flat.length; start += limit) {
    const out = await engine.forward("word2vec", { input_ids: [flat.slice(start, start + limit)] });
    vectors.push(...out.vectors[0]);
  }
  const result = [];
  let pos = 0;
  for (const ids of idsPerText) {
    const rows = vectors.slice(pos, pos + ids.length);
    pos += ids.length;
    if (rows.length === 0) {
      result.push(null);
      continue;
    }
    const mean = rows[0].map((_, d) => rows.reduce((s, r) => s + r[d], 0) / rows.length);
    const norm = Math.sqrt(mean.reduce((s, x) => s + x * x, 0));
    result.push(norm > 0 ? mean.map((x) => x / norm) : null);
  }
  return result;
}

const dist2 = (a, b) => a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0);
const dot = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);

function nearest(vector, centroids) {
  let best = 0;
  let bestD = Infinity;
  centroids.forEach((c, i) => {
    const d = dist2(vector, c);
    if (d < bestD) {
      best = i;
      bestD = d;
    }
  });
  return best;
}

function topK(query, candidates, vectors, k) {
  const scored = candidates.map((i) => [dot(query, vectors[i]), i]);
  scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return scored.slice(0, k).map(([, i]) => i);
}

async function ivfSearch(words, queries, nLists, nProbe, k, iterations, engine) {
  const vectors = await unitVectors(words, engine);
  const indexed = vectors.flatMap((v, i) => (v ? [i] : []));
  const centroids = [];
  for (const i of indexed) {
    if (centroids.length === nLists) break;
    centroids.push([...vectors[i]]);
  }
  for (let it = 0; it < iterations; it++) {
    const members = centroids.map(() => []);
    for (const i of indexed) members[nearest(vectors[i], centroids)].push(i);
    members.forEach((group, c) => {
      if (group.length) centroids[c] = centroids[c].map((_, d) => group.reduce((s, i) => s + vectors[i][d], 0) / group.length);
    });
  }
  const lists = centroids.map(() => []);
  for (const i of indexed) lists[nearest(vectors[i], centroids)].push(i);
  const queryVectors = await unitVectors(queries, engine);
  const ids = [];
  const exact = [];
  let hits = 0;
  let total = 0;
  for (const q of queryVectors) {
    if (!q) {
      ids.push([]);
      exact.push([]);
      continue;
    }
    const order = centroids.map((c, i) => [dist2(q, c), i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).slice(0, nProbe).map(([, i]) => i);
    const candidates = order.flatMap((c) => lists[c]);
    const approx = topK(q, candidates, vectors, k);
    const truth = topK(q, indexed, vectors, k);
    ids.push(approx);
    exact.push(truth);
    const set = new Set(truth);
    hits += approx.filter((i) => set.has(i)).length;
    total += truth.length;
  }
  return { ids, exact, list_sizes: lists.map((l) => l.length), recall: total ? hits / total : 1 };
}
