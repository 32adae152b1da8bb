// Mistake: frequencies theta_i = base^(-i/d) instead of base^(-2i/d) (indexes the pair but forgets it covers two dimensions).
function rotate(x, position, b) {
  const d = x.length;
  const out = new Array(d).fill(0);
  for (let i = 0; i < d / 2; i++) {
    const angle = position * b ** (-i / d);
    out[2 * i] = x[2 * i] * Math.cos(angle) - x[2 * i + 1] * Math.sin(angle);
    out[2 * i + 1] = x[2 * i] * Math.sin(angle) + x[2 * i + 1] * Math.cos(angle);
  }
  return out;
}

function ropeScores(q, k, pairs, base, scaling, engine) {
  const d = q.length;
  let b = base;
  let stretch = 1;
  if (scaling.type === "linear") stretch = scaling.factor;
  else if (scaling.type === "ntk") b = base * scaling.factor ** (d / (d - 2));
  const qRot = [];
  const kRot = [];
  const scores = [];
  for (const [m, n] of pairs) {
    const qr = rotate(q, m / stretch, b);
    const kr = rotate(k, n / stretch, b);
    qRot.push(qr);
    kRot.push(kr);
    scores.push(qr.reduce((s, a, i) => s + a * kr[i], 0));
  }
  return { q_rot: qRot, k_rot: kRot, scores };
}
