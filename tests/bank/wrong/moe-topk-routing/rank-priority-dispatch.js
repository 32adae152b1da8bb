// Mistake: dispatches every token's first choice before any second choice (rank priority) instead of token by token as specified.
function routeTokens(routerLogits, k, capacityFactor, engine) {
  const tokens = routerLogits.length;
  if (tokens === 0) return { experts: [], gates: [], dropped: [], load: [], capacity: 0 };
  const nExperts = routerLogits[0].length;
  const capacity = Math.ceil((capacityFactor * tokens * k) / nExperts);
  const experts = [];
  const gates = [];
  const dropped = [];
  const load = new Array(nExperts).fill(0);
  routerLogits.forEach((row) => {
    const top = Math.max(...row);
    const exps = row.map((z) => Math.exp(z - top));
    const total = exps.reduce((a, b) => a + b, 0);
    const probs = exps.map((x) => x / total);
    const chosen = row.map((_, e) => e).sort((a, b) => probs[b] - probs[a] || a - b).slice(0, k);
    const mass = chosen.reduce((s, e) => s + probs[e], 0);
    experts.push(chosen);
    gates.push(chosen.map((e) => probs[e] / mass));
  });
  for (let rank = 0; rank < k; rank++) {
    experts.forEach((chosen, t) => {
      const e = chosen[rank];
      if (load[e] < capacity) load[e] += 1;
      else dropped.push([t, e]);
    });
  }
  return { experts, gates, dropped, load, capacity };
}
