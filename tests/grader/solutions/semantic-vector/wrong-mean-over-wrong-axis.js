// Bug: averages each token's vector over its dimensions (axis 1) instead of averaging the tokens (axis 0),
// so it returns one number per token instead of one vector.
async function llmInference(text, engine) {
  const { input_ids: ids } = await engine.tokenize("word2vec", text);
  const { vectors } = await engine.forward("word2vec", { input_ids: [ids] });
  const perToken = vectors[0].map((v) => v.reduce((a, b) => a + b, 0) / v.length);
  const norm = Math.hypot(...perToken) || 1;
  return perToken.map((x) => x / norm);
}
