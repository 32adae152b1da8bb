// Takes the softmax over the whole vocabulary and then keeps the top-k probabilities without renormalising them.
async function sampleDecode(prompt, maxNewTokens, temperature, topK, topP, seed, engine) {
  let state = seed % 4294967296;
  const nextUniform = () => {
    state = (1664525 * state + 1013904223) % 4294967296;
    return state / 4294967296;
  };

  const pick = (logits) => {
    if (temperature === 0) {
      let best = 0;
      for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
      return best;
    }
    const scaled = logits.map((z) => z / temperature);
    let order = scaled.map((_, i) => i).sort((a, b) => scaled[b] - scaled[a] || a - b);
    const top = scaled[order[0]];
    const all = order.map((i) => Math.exp(scaled[i] - top));
    const total = all.reduce((s, w) => s + w, 0);
    let probs = all.map((w) => w / total);
    if (topK > 0) {
      order = order.slice(0, topK);
      probs = probs.slice(0, topK);
    }
    if (topP < 1) {
      let running = 0;
      let keep = probs.length;
      for (let j = 0; j < probs.length; j++) {
        running += probs[j];
        if (running >= topP) {
          keep = j + 1;
          break;
        }
      }
      order = order.slice(0, keep);
      probs = probs.slice(0, keep);
      const kept = probs.reduce((s, p) => s + p, 0);
      probs = probs.map((p) => p / kept);
    }
    const u = nextUniform();
    let running = 0;
    for (let j = 0; j < order.length; j++) {
      running += probs[j];
      if (u < running) return order[j];
    }
    return order[order.length - 1];
  };

  if (maxNewTokens <= 0) return [];
  const { eos_id: eos } = await engine.info("gpt");
  const { input_ids: ids } = await engine.tokenize("gpt", prompt);
  let out = await engine.forward("gpt", { input_ids: [ids], past: null });
  const generated = [];
  for (;;) {
    const token = pick(out.logits[0]);
    generated.push(token);
    if (token === eos || generated.length === maxNewTokens) return generated;
    out = await engine.forward("gpt", { input_ids: [[token]], past: out.past });
  }
}
