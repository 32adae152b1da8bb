// Treats eos like any other token: a beam that ended keeps being extended past eos instead of moving to the finished list.
function logSoftmax(logits) {
  let top = -Infinity;
  for (const z of logits) if (z > top) top = z;
  let total = 0;
  for (const z of logits) total += Math.exp(z - top);
  const logTotal = Math.log(total);
  return logits.map((z) => z - top - logTotal);
}

function compareSequences(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

async function beamSearchLm(prompt, beamWidth, maxNewTokens, alpha, engine) {
  const { eos_id: eos } = await engine.info("gpt");
  const { input_ids: ids } = await engine.tokenize("gpt", prompt);
  let active = [{ seq: [], score: 0 }];
  const finished = [];
  for (let step = 0; step < maxNewTokens && active.length > 0; step++) {
    const out = await engine.forward("gpt", { input_ids: active.map((c) => [...ids, ...c.seq]), past: null });
    const candidates = [];
    active.forEach((c, r) => {
      const lp = logSoftmax(out.logits[r]);
      // A candidate contributes at most beamWidth extensions to the global first beamWidth.
      const order = lp.map((_, v) => v).sort((a, b) => c.score + lp[b] - (c.score + lp[a]) || a - b);
      for (const v of order.slice(0, beamWidth)) candidates.push({ seq: [...c.seq, v], score: c.score + lp[v] });
    });
    candidates.sort((a, b) => b.score - a.score || compareSequences(a.seq, b.seq));
    active = [];
    for (const c of candidates.slice(0, beamWidth)) active.push(c);
  }
  const pool = [...finished, ...active];
  if (pool.length === 0 || pool[0].seq.length === 0) return { ids: [], score: 0 };
  const normalised = (c) => c.score / c.seq.length ** alpha;
  pool.sort((a, b) => normalised(b) - normalised(a) || compareSequences(a.seq, b.seq));
  return { ids: pool[0].seq, score: pool[0].score };
}
