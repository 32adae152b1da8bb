// Feeds only the new token but forgets to pass `past`, so every decode step sees a one-token context.
function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

async function greedyDecode(prompt, maxNewTokens, engine) {
  if (maxNewTokens <= 0) return [];
  const { eos_id: eos } = await engine.info("gpt");
  const { input_ids: ids } = await engine.tokenize("gpt", prompt);
  let out = await engine.forward("gpt", { input_ids: [ids], past: null });
  const generated = [];
  for (;;) {
    const nextId = argmax(out.logits[0]);
    generated.push(nextId);
    if (nextId === eos || generated.length === maxNewTokens) return generated;
    out = await engine.forward("gpt", { input_ids: [[nextId]], past: null });
  }
}
