// Mistake: accepts every eos-ending extension into the finished list, not only those ranked in the first W.
function compareSeq(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function beamNBest(table, eosId, beamWidth, maxLen, alpha, nBest, engine) {
  let live = [{ seq: [], score: 0 }];
  const finished = [];
  for (let step = 0; step < maxLen && live.length > 0; step++) {
    const expansions = [];
    for (const { seq, score } of live) {
      const key = seq.join(",");
      const row = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : null;
      const options = row ? row.map((lp, t) => [t, lp]).filter(([, lp]) => lp !== null) : [[eosId, 0]];
      for (const [t, lp] of options) expansions.push({ seq: [...seq, t], score: score + lp });
    }
    expansions.sort((a, b) => b.score - a.score || compareSeq(a.seq, b.seq));
    live = [];
    for (let rank = 0; rank < expansions.length; rank++) {
      const e = expansions[rank];
      if (e.seq[e.seq.length - 1] === eosId) {
        finished.push(e);
      } else {
        live.push(e);
        if (live.length === beamWidth) break;
      }
    }
  }
  finished.push(...live);
  const normalised = (e) => e.score / ((5 + e.seq.length) / 6) ** alpha;
  const ranked = finished.sort((a, b) => normalised(b) - normalised(a) || compareSeq(a.seq, b.seq)).slice(0, nBest);
  return { sequences: ranked.map((e) => e.seq), scores: ranked.map(normalised), raw: ranked.map((e) => e.score) };
}
