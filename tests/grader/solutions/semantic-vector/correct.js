async function llmInference(text, engine) {
  const { input_ids: ids } = await engine.tokenize("word2vec", text);
  const { dim } = await engine.info("word2vec");
  if (ids.length === 0) return new Array(dim).fill(0);
  const { vectors } = await engine.forward("word2vec", { input_ids: [ids] });
  const mean = new Float64Array(dim);
  for (const v of vectors[0]) for (let j = 0; j < dim; j++) mean[j] += v[j] / ids.length;
  const norm = Math.hypot(...mean);
  return Array.from(mean, (x) => (norm > 0 ? x / norm : x));
}
