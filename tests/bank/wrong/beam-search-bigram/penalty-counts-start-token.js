// Wrong: normalises by the whole sequence length, start token included (n = length instead of length - 1).
function compareSequences(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function beamSearch(logProbs, start, eos, beamWidth, maxSteps, alpha, engine) {
  let active = [{ seq: [start], score: 0 }];
  const finished = [];
  for (let step = 0; step < maxSteps && active.length > 0; step++) {
    const candidates = [];
    for (const { seq, score } of active) {
      logProbs[seq[seq.length - 1]].forEach((lp, token) => candidates.push({ seq: [...seq, token], score: score + lp }));
    }
    candidates.sort((a, b) => b.score - a.score || compareSequences(a.seq, b.seq));
    active = [];
    for (const c of candidates.slice(0, beamWidth)) (c.seq[c.seq.length - 1] === eos ? finished : active).push(c);
  }
  const normalised = (c) => (c.seq.length > 1 ? c.score / c.seq.length ** alpha : 0);
  const best = [...finished, ...active].sort((a, b) => normalised(b) - normalised(a) || compareSequences(a.seq, b.seq))[0];
  return { sequence: best.seq, score: best.score };
}
