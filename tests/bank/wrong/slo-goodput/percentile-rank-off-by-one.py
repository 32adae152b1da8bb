# Mistake: nearest rank taken as sorted[floor(p*N/100)] (a 0-based index from the rank formula), one place too high.
def _percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    index = min(p * len(ordered) // 100, len(ordered) - 1)
    return ordered[index]


def slo_goodput(requests, ttft_slo, tpot_slo, engine):
    ttft, tpot, gaps = [], [], []
    good = 0
    for r in requests:
        times = r["token_times"]
        first = times[0] - r["arrival"]
        ttft.append(first)
        per_token = None
        if len(times) >= 2:
            per_token = (times[-1] - times[0]) / (len(times) - 1)
            gaps.extend(times[j] - times[j - 1] for j in range(1, len(times)))
        tpot.append(per_token)
        if first <= ttft_slo and (per_token is None or per_token <= tpot_slo):
            good += 1
    window = 0
    if requests:
        window = max(r["token_times"][-1] for r in requests) - min(r["arrival"] for r in requests)
    defined = [x for x in tpot if x is not None]
    return {
        "ttft": ttft,
        "tpot": tpot,
        "ttft_p50": _percentile(ttft, 50),
        "ttft_p99": _percentile(ttft, 99),
        "tpot_p50": _percentile(defined, 50),
        "tpot_p99": _percentile(defined, 99),
        "itl_p50": _percentile(gaps, 50),
        "itl_p99": _percentile(gaps, 99),
        "good": good,
        "goodput": good / window if window > 0 else 0,
    }
