// Wrong: sorts longest first, so the first request of a batch is its longest and the budget check against the newcomer's length lets batches overflow max_tokens.
async function planBatches(texts, maxTokens, engine) {
  const maxLength = (await engine.info("bert-cls")).max_length;
  const lengths = [];
  for (const text of texts) lengths.push((await engine.tokenize("bert-cls", text, maxLength)).input_ids.length);
  const order = texts.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
  const batches = [];
  let current = [];
  for (const i of order) {
    if (current.length > 0 && (current.length + 1) * lengths[i] > maxTokens) {
      batches.push(current);
      current = [];
    }
    current.push(i);
  }
  if (current.length > 0) batches.push(current);
  let padding = 0;
  for (const batch of batches) {
    const longest = Math.max(...batch.map((i) => lengths[i]));
    padding += longest * batch.length - batch.reduce((s, i) => s + lengths[i], 0);
  }
  return { batches, padding };
}
