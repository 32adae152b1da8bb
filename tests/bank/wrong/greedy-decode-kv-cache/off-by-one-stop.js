// Off-by-one stop: counts the prefill's token separately and then runs max_new_tokens decode steps, one token too many.
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
  const generated = [argmax(out.logits[0])];
  if (generated[0] === eos) return generated;
  for (let step = 0; step < maxNewTokens; step++) {
    out = await engine.forward("gpt", { input_ids: [[generated[generated.length - 1]]], past: out.past });
    const nextId = argmax(out.logits[0]);
    generated.push(nextId);
    if (nextId === eos) break;
  }
  return generated;
}
