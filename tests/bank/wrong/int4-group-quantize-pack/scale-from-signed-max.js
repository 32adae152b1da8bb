// Wrong: the scale uses the signed maximum max(w) instead of max(|w|), which breaks groups whose largest magnitude is negative.
function quantizeInt4(weights, groupSize, engine) {
  const roundHalfAway = (x) => Math.sign(x) * Math.floor(Math.abs(x) + 0.5);
  const scales = [];
  const qs = [];
  let err = 0;
  for (let s = 0; s < weights.length; s += groupSize) {
    const g = weights.slice(s, s + groupSize);
    const scale = Math.max(...g) / 7;
    scales.push(scale);
    for (const w of g) {
      const q = scale === 0 ? 0 : Math.max(-8, Math.min(7, roundHalfAway(w / scale)));
      qs.push(q);
      err = Math.max(err, Math.abs(w - q * scale));
    }
  }
  const nib = qs.map((q) => q & 15);
  if (nib.length % 2) nib.push(0);
  const packed = [];
  for (let i = 0; i < nib.length; i += 2) packed.push(nib[i] | (nib[i + 1] << 4));
  return { packed, scales, max_error: err };
}
