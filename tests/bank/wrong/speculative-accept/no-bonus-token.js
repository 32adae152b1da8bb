// Wrong: when every draft is accepted it returns only the drafts and forgets the bonus token from p[k].
function speculativeAccept(draftTokens, q, p, uAccept, uSample, engine) {
  const draw = (w, u) => {
    let c = 0;
    for (let j = 0; j < w.length; j++) {
      c += w[j];
      if (u < c) return j;
    }
    for (let j = w.length - 1; j >= 0; j--) if (w[j] > 0) return j;
    return -1;
  };
  const tokens = [];
  for (let i = 0; i < draftTokens.length; i++) {
    const x = draftTokens[i];
    if (uAccept[i] < Math.min(1, p[i][x] / q[i][x])) {
      tokens.push(x);
      continue;
    }
    const r = p[i].map((a, j) => Math.max(0, a - q[i][j]));
    const s = r.reduce((t, v) => t + v, 0);
    tokens.push(draw(r.map((v) => v / s), uSample));
    return { tokens, accepted: i };
  }
  if (draftTokens.length === 0) tokens.push(draw(p[0], uSample));
  return { tokens, accepted: draftTokens.length };
}
