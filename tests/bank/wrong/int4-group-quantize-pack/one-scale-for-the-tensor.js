// Wrong: one scale for the whole tensor (repeated per group) instead of a scale per group, so small groups lose precision.
function quantizeInt4(weights, groupSize, engine) {
  const roundHalfAway = (x) => Math.sign(x) * Math.floor(Math.abs(x) + 0.5);
  const scale = weights.length ? Math.max(...weights.map(Math.abs)) / 7 : 0;
  const scales = [];
  for (let s = 0; s < weights.length; s += groupSize) scales.push(scale);
  const qs = weights.map((w) => (scale === 0 ? 0 : Math.max(-8, Math.min(7, roundHalfAway(w / scale)))));
  const err = weights.reduce((m, w, i) => Math.max(m, Math.abs(w - qs[i] * scale)), 0);
  const nib = qs.map((q) => q & 15);
  if (nib.length % 2) nib.push(0);
  const packed = [];
  for (let i = 0; i < nib.length; i += 2) packed.push(nib[i] | (nib[i + 1] << 4));
  return { packed, scales, max_error: err };
}
