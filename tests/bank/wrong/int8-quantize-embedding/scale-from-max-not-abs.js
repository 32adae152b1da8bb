// Wrong: takes the scale from the largest value instead of the largest magnitude, so a vector whose extreme is negative gets the wrong scale and clipped elements.
async function meanVector(text, engine) {
  const { dim } = await engine.info("word2vec");
  const ids = (await engine.tokenize("word2vec", text)).input_ids;
  if (ids.length === 0) return new Array(dim).fill(0);
  const vectors = (await engine.forward("word2vec", { input_ids: [ids] })).vectors[0];
  return new Array(dim).fill(0).map((_, k) => vectors.reduce((s, vec) => s + vec[k], 0) / vectors.length);
}

function roundHalfAway(x) {
  return Math.sign(x) * Math.floor(Math.abs(x) + 0.5);
}

async function quantizeSentence(text, vector, engine) {
  const v = vector !== null ? vector : await meanVector(text, engine);
  const scale = v.length ? Math.max(0, ...v) / 127 : 0;
  if (scale === 0) return { q: new Array(v.length).fill(0), scale: 0, max_error: 0 };
  const q = v.map((x) => Math.max(-127, Math.min(127, roundHalfAway(x / scale))));
  return { q, scale, max_error: v.reduce((m, x, i) => Math.max(m, Math.abs(x - q[i] * scale)), 0) };
}
