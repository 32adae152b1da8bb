// Mistake: a single-token request has no TPOT, and is counted as failing the TPOT SLO instead of being judged on TTFT alone.
function percentile(values, p) {
  if (values.length === 0) return null;
  const ordered = [...values].sort((a, b) => a - b);
  const rank = Math.floor((p * ordered.length + 99) / 100);
  return ordered[rank - 1];
}

function sloGoodput(requests, ttftSlo, tpotSlo, engine) {
  const ttft = [];
  const tpot = [];
  const gaps = [];
  let good = 0;
  for (const r of requests) {
    const times = r.token_times;
    const first = times[0] - r.arrival;
    ttft.push(first);
    let perToken = null;
    if (times.length >= 2) {
      perToken = (times[times.length - 1] - times[0]) / (times.length - 1);
      for (let j = 1; j < times.length; j++) gaps.push(times[j] - times[j - 1]);
    }
    tpot.push(perToken);
    if (first <= ttftSlo && perToken !== null && perToken <= tpotSlo) good += 1;
  }
  let window = 0;
  if (requests.length > 0) {
    window = Math.max(...requests.map((r) => r.token_times[r.token_times.length - 1])) - Math.min(...requests.map((r) => r.arrival));
  }
  const defined = tpot.filter((x) => x !== null);
  return {
    ttft,
    tpot,
    ttft_p50: percentile(ttft, 50),
    ttft_p99: percentile(ttft, 99),
    tpot_p50: percentile(defined, 50),
    tpot_p99: percentile(defined, 99),
    itl_p50: percentile(gaps, 50),
    itl_p99: percentile(gaps, 99),
    good,
    goodput: window > 0 ? good / window : 0,
  };
}
