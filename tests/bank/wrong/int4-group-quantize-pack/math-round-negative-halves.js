// Wrong: Math.round rounds halves towards +Infinity, so -2.5 becomes -2 instead of -3.
function quantizeInt4(weights, groupSize, engine) {
  const scales = [];
  const qs = [];
  let err = 0;
  for (let s = 0; s < weights.length; s += groupSize) {
    const g = weights.slice(s, s + groupSize);
    const scale = Math.max(...g.map(Math.abs)) / 7;
    scales.push(scale);
    for (const w of g) {
      const q = scale === 0 ? 0 : Math.max(-8, Math.min(7, Math.round(w / scale)));
      qs.push(q);
      err = Math.max(err, Math.abs(w - q * scale));
    }
  }
  const packed = [];
  for (let i = 0; i < qs.length; i += 2) packed.push((qs[i] & 15) | (i + 1 < qs.length ? (qs[i + 1] & 15) << 4 : 0));
  return { packed, scales, max_error: err };
}
