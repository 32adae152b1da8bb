// Wrong: top_p is ignored, so tokens outside the nucleus can still be drawn.
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
  const total = weights.reduce((s, w) => s + w, 0);
  const probs = weights.map((w) => w / total);
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
