// Wrong: chunks the ids by max_length but averages the chunks' mean vectors, so the words of a short last chunk weigh far more than the others.
async function llmInference(text, engine) {
  const info = await engine.info("word2vec");
  const ids = (await engine.tokenize("word2vec", text)).input_ids;
  if (ids.length === 0) return new Array(info.dim).fill(0);
  const total = new Array(info.dim).fill(0);
  let chunks = 0;
  for (let start = 0; start < ids.length; start += info.max_length) {
    const { vectors } = await engine.forward("word2vec", { input_ids: [ids.slice(start, start + info.max_length)] });
    const rows = vectors[0];
    for (const vector of rows) for (let k = 0; k < info.dim; k++) total[k] += vector[k] / rows.length;
    chunks += 1;
  }
  const mean = total.map((x) => x / chunks);
  const norm = Math.sqrt(mean.reduce((s, x) => s + x * x, 0));
  return norm > 0 ? mean.map((x) => x / norm) : mean;
}
