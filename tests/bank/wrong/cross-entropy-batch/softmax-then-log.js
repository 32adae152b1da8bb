// Wrong: computes softmax probabilities without subtracting the maximum and takes their log, so exp(1000) overflows to Infinity and the loss becomes NaN.
function crossEntropy(logits, targets, ignoreIndex, engine) {
  let total = 0;
  let count = 0;
  logits.forEach((row, i) => {
    if (targets[i] === ignoreIndex) return;
    const exps = row.map((z) => Math.exp(z));
    const sum = exps.reduce((s, e) => s + e, 0);
    total += -Math.log(exps[targets[i]] / sum);
    count += 1;
  });
  return count ? total / count : 0;
}
