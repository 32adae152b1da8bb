async function llmInference(text, engine) {
  const { input_ids: ids } = await engine.tokenize("word2vec", text);
  const { dim, max_length: chunk } = await engine.info("word2vec");
  if (ids.length === 0) return new Array(dim).fill(0);
  // One forward row takes at most max_length ids: chunk long texts, average over every word.
  const mean = new Float64Array(dim);
  for (let start = 0; start < ids.length; start += chunk) {
    const { vectors } = await engine.forward("word2vec", { input_ids: [ids.slice(start, start + chunk)] });
    for (const v of vectors[0]) for (let j = 0; j < dim; j++) mean[j] += v[j] / ids.length;
  }
  const norm = Math.hypot(...mean);
  return Array.from(mean, (x) => (norm > 0 ? x / norm : x));
}
