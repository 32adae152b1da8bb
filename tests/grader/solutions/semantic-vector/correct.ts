type Engine = {
  tokenize(model: string, text: string): Promise<{ input_ids: number[] }>;
  forward(model: string, inputs: { input_ids: number[][] }): Promise<{ vectors: number[][][] }>;
  info(model: string): Promise<{ dim: number; max_length: number }>;
};

export async function llmInference(text: string, engine: Engine): Promise<number[]> {
  const { input_ids: ids } = await engine.tokenize("word2vec", text);
  const { dim, max_length: chunk } = await engine.info("word2vec");
  if (ids.length === 0) return new Array<number>(dim).fill(0);
  // One forward row takes at most max_length ids: chunk long texts, average over every word.
  const mean: number[] = new Array<number>(dim).fill(0);
  for (let start = 0; start < ids.length; start += chunk) {
    const { vectors } = await engine.forward("word2vec", { input_ids: [ids.slice(start, start + chunk)] });
    for (const v of vectors[0]) v.forEach((x, j) => (mean[j] += x / ids.length));
  }
  const norm = Math.sqrt(mean.reduce((s, x) => s + x * x, 0));
  return mean.map((x) => (norm > 0 ? x / norm : x));
}
