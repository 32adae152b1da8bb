# Mistake: ITL percentiles over each request's mean gap (its TPOT) instead of over all pooled gaps, so a single long stall is averaged away.
def _percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    rank = (p * len(ordered) + 99) // 100
    return ordered[rank - 1]


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
            gaps.append(per_token)
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
