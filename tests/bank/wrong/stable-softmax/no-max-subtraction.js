// Wrong: the textbook formula without subtracting the maximum overflows (Infinity/Infinity = NaN) and
// log(softmax) becomes -Infinity once a probability underflows.
function stableSoftmax(logits, engine) {
  const exps = logits.map((z) => Math.exp(z));
  const total = exps.reduce((s, e) => s + e, 0);
  const softmax = exps.map((e) => e / total);
  return { softmax, log_softmax: softmax.map((p) => Math.log(p)) };
}
