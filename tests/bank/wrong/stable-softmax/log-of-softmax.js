// Wrong: subtracts the maximum for the softmax but takes Math.log of each probability, so an underflowed probability gives -Infinity.
function stableSoftmax(logits, engine) {
  if (logits.length === 0) return { softmax: [], log_softmax: [] };
  const top = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - top));
  const total = exps.reduce((s, e) => s + e, 0);
  const probs = exps.map((e) => e / total);
  return { softmax: probs, log_softmax: probs.map((p) => Math.log(p)) };
}
