// Stops the whole batch as soon as any row generates eos, cutting the other rows short.
function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

async function batchedGenerate(prompts, maxNewTokens, engine) {
  const { eos_id: eos, pad_id: pad } = await engine.info("gpt");
  const seqs = [];
  for (const p of prompts) seqs.push((await engine.tokenize("gpt", p)).input_ids);
  const results = prompts.map(() => []);
  if (maxNewTokens <= 0) return results;
  const width = Math.max(...seqs.map((s) => s.length));
  const ids = seqs.map((s) => [...new Array(width - s.length).fill(pad), ...s]);
  const mask = seqs.map((s) => [...new Array(width - s.length).fill(0), ...new Array(s.length).fill(1)]);
  let out = await engine.forward("gpt", { input_ids: ids, attention_mask: mask, past: null });
  for (let step = 0; step < maxNewTokens; step++) {
    const feed = out.logits.map((logits, r) => {
      const token = argmax(logits);
      results[r].push(token);
      return token;
    });
    if (feed.includes(eos) || step + 1 === maxNewTokens) break;
    out = await engine.forward("gpt", { input_ids: feed.map((t) => [t]), attention_mask: feed.map(() => [1]), past: out.past });
  }
  return results;
}
