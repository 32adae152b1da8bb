// Wrong: Math.round rounds halves towards +Infinity, so -0.5 becomes -0 and -2.5 becomes -2 instead of away from zero.
async function meanVector(text, engine) {
  const { dim } = await engine.info("word2vec");
  const ids = (await engine.tokenize("word2vec", text)).input_ids;
  if (ids.length === 0) return new Array(dim).fill(0);
  const vectors = (await engine.forward("word2vec", { input_ids: [ids] })).vectors[0];
  return new Array(dim).fill(0).map((_, k) => vectors.reduce((s, vec) => s + vec[k], 0) / vectors.length);
}

async function quantizeSentence(text, vector, engine) {
  const v = vector !== null ? vector : await meanVector(text, engine);
  const scale = v.reduce((m, x) => Math.max(m, Math.abs(x)), 0) / 127;
  if (scale === 0) return { q: new Array(v.length).fill(0), scale: 0, max_error: 0 };
  const q = v.map((x) => Math.max(-127, Math.min(127, Math.round(x / scale))));
  return { q, scale, max_error: v.reduce((m, x, i) => Math.max(m, Math.abs(x - q[i] * scale)), 0) };
}
