// Wrong: pools every inter-token gap of every request into one mean (an ITL average), instead of averaging each request's TPOT.
function latencyMetrics(requests, engine) {
  const ttfts = [];
  const gaps = [];
  const e2es = [];
  let tokens = 0;
  for (const r of requests) {
    const t = r.token_times;
    tokens += t.length;
    if (t.length === 0) continue;
    ttfts.push(t[0] - r.arrival);
    e2es.push(t[t.length - 1] - r.arrival);
    for (let i = 1; i < t.length; i++) gaps.push(t[i] - t[i - 1]);
  }
  const mean = (xs) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  const ends = requests.filter((r) => r.token_times.length > 0).map((r) => r.token_times[r.token_times.length - 1]);
  const window = ends.length ? Math.max(...ends) - Math.min(...requests.map((r) => r.arrival)) : 0;
  return { mean_ttft: mean(ttfts), mean_tpot: mean(gaps), max_e2e: e2es.length ? Math.max(...e2es) : 0, throughput: window > 0 ? tokens / window : 0 };
}
