// Wrong: measures the throughput window from the earliest first token instead of the earliest arrival, leaving out the time to the first token.
function latencyMetrics(requests, engine) {
  const ttfts = [];
  const tpots = [];
  const e2es = [];
  let tokens = 0;
  for (const r of requests) {
    const t = r.token_times;
    tokens += t.length;
    if (t.length === 0) continue;
    ttfts.push(t[0] - r.arrival);
    e2es.push(t[t.length - 1] - r.arrival);
    if (t.length >= 2) tpots.push((t[t.length - 1] - t[0]) / (t.length - 1));
  }
  const mean = (xs) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  const used = requests.filter((r) => r.token_times.length > 0);
  const window = used.length ? Math.max(...used.map((r) => r.token_times[r.token_times.length - 1])) - Math.min(...used.map((r) => r.token_times[0])) : 0;
  return { mean_ttft: mean(ttfts), mean_tpot: mean(tpots), max_e2e: e2es.length ? Math.max(...e2es) : 0, throughput: window > 0 ? tokens / window : 0 };
}
