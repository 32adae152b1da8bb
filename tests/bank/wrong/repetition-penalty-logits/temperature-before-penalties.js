// Mistake: divides by the temperature first and applies the penalties to the scaled logits, so the penalties' strength changes with the temperature.
function processLogits(logits, contextIds, repetitionPenalty, presencePenalty, frequencyPenalty, temperature, engine) {
  const out = logits.map((x) => x / temperature);
  const counts = new Map();
  for (const t of contextIds) counts.set(t, (counts.get(t) || 0) + 1);
  for (const [t, c] of counts) {
    out[t] = out[t] > 0 ? out[t] / repetitionPenalty : out[t] * repetitionPenalty;
    out[t] -= presencePenalty + frequencyPenalty * c;
  }
  return out;
}
