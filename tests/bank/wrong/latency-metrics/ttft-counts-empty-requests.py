# Wrong: divides the TTFT and TPOT sums by the number of all requests, including those that produced no token.
def latency_metrics(requests, engine):
    ttft_sum, tpot_sum, e2es, tokens = 0.0, 0.0, [], 0
    for r in requests:
        times = r["token_times"]
        tokens += len(times)
        if not times:
            continue
        ttft_sum += times[0] - r["arrival"]
        e2es.append(times[-1] - r["arrival"])
        if len(times) >= 2:
            tpot_sum += (times[-1] - times[0]) / (len(times) - 1)
    with_tpot = sum(1 for r in requests if len(r["token_times"]) >= 2)
    ends = [r["token_times"][-1] for r in requests if r["token_times"]]
    window = (max(ends) - min(r["arrival"] for r in requests)) if ends else 0
    return {
        "mean_ttft": ttft_sum / len(requests) if requests else 0,
        "mean_tpot": tpot_sum / with_tpot if with_tpot else 0,
        "max_e2e": max(e2es) if e2es else 0,
        "throughput": tokens / window if window > 0 else 0,
    }
