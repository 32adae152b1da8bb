// Wrong: divides by the number of valid samples without checking it, so an empty or fully ignored batch returns 0/0 = NaN instead of 0.
function crossEntropy(logits, targets, ignoreIndex, engine) {
  let total = 0;
  let count = 0;
  logits.forEach((row, i) => {
    if (targets[i] === ignoreIndex) return;
    const top = Math.max(...row);
    total += top + Math.log(row.reduce((s, z) => s + Math.exp(z - top), 0)) - row[targets[i]];
    count += 1;
  });
  return total / count;
}
