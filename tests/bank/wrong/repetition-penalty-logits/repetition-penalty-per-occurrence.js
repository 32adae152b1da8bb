// Mistake: applies the repetition penalty once per occurrence (r^count) instead of once per distinct seen token.
function processLogits(logits, contextIds, repetitionPenalty, presencePenalty, frequencyPenalty, temperature, engine) {
  const out = [...logits];
  const counts = new Map();
  for (const t of contextIds) {
    out[t] = out[t] > 0 ? out[t] / repetitionPenalty : out[t] * repetitionPenalty;
    counts.set(t, (counts.get(t) || 0) + 1);
  }
  for (const [t, c] of counts) out[t] -= presencePenalty + frequencyPenalty * c;
  return out.map((x) => x / temperature);
}
