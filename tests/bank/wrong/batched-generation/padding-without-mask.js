// Left-pads but sends no attention_mask, so real tokens attend to the padding and positions count it.
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
  let out = await engine.forward("gpt", { input_ids: ids, past: null });
  const done = prompts.map(() => false);
  for (;;) {
    const feed = out.logits.map((logits, r) => {
      if (done[r]) return pad;
      const token = argmax(logits);
      results[r].push(token);
      done[r] = token === eos || results[r].length === maxNewTokens;
      return done[r] ? pad : token;
    });
    if (done.every(Boolean)) return results;
    out = await engine.forward("gpt", { input_ids: feed.map((t) => [t]), past: out.past });
  }
}
