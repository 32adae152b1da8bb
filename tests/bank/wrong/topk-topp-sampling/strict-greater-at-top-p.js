// Wrong: the top-p cut uses `>` instead of `>=`, so when the running sum equals top_p exactly one candidate too many stays in the nucleus.
function sampleTokens(logits, temperature, topK, topP, seed, n, engine) {
  let state = seed % 4294967296;
  const nextUniform = () => {
    state = (1664525 * state + 1013904223) % 4294967296;
    return state / 4294967296;
  };
  if (temperature === 0) {
    let best = 0;
    logits.forEach((z, i) => {
      if (z > logits[best]) best = i;
    });
    return new Array(n).fill(best);
  }
  const scaled = logits.map((z) => z / temperature);
  let order = scaled.map((_, i) => i).sort((a, b) => scaled[b] - scaled[a] || a - b);
  if (topK > 0) order = order.slice(0, topK);
  const top = scaled[order[0]];
  const weights = order.map((i) => Math.exp(scaled[i] - top));
  let total = weights.reduce((s, w) => s + w, 0);
  let probs = weights.map((w) => w / total);
  if (topP < 1) {
    let running = 0;
    let keep = probs.length;
    for (let j = 0; j < probs.length; j++) {
      running += probs[j];
      if (running > topP) {
        keep = j + 1;
        break;
      }
    }
    order = order.slice(0, keep);
    probs = probs.slice(0, keep);
    total = probs.reduce((s, p) => s + p, 0);
    probs = probs.map((p) => p / total);
  }
  const samples = [];
  for (let k = 0; k < n; k++) {
    const u = nextUniform();
    let running = 0;
    let choice = order[order.length - 1];
    for (let j = 0; j < order.length; j++) {
      running += probs[j];
      if (u < running) {
        choice = order[j];
        break;
      }
    }
    samples.push(choice);
  }
  return samples;
}
