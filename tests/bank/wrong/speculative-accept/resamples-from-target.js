// Wrong: after a rejection it resamples from the target distribution p instead of the residual max(0, p - q).
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
    } else {
      tokens.push(draw(p[i], uSample));
      return { tokens, accepted: i };
    }
  }
  tokens.push(draw(p[draftTokens.length], uSample));
  return { tokens, accepted: draftTokens.length };
}
