// Wrong: slices the ids to max_length to stay under the forward limit and drops the rest of a long text.
async function llmInference(text, engine) {
  const info = await engine.info("word2vec");
  const ids = (await engine.tokenize("word2vec", text)).input_ids.slice(0, info.max_length);
  if (ids.length === 0) return new Array(info.dim).fill(0);
  const { vectors } = await engine.forward("word2vec", { input_ids: [ids] });
  const sum = new Array(info.dim).fill(0);
  for (const vector of vectors[0]) for (let k = 0; k < info.dim; k++) sum[k] += vector[k];
  const norm = Math.sqrt(sum.reduce((s, x) => s + x * x, 0));
  return sum.map((x) => x / norm);
}
