# Wrong: counts requests with a single token in the TPOT mean with a TPOT of 0, which drags the mean down.
def latency_metrics(requests, engine):
    ttfts, tpots, e2es, tokens = [], [], [], 0
    for r in requests:
        times = r["token_times"]
        tokens += len(times)
        if not times:
            continue
        ttfts.append(times[0] - r["arrival"])
        e2es.append(times[-1] - r["arrival"])
        tpots.append((times[-1] - times[0]) / (len(times) - 1) if len(times) > 1 else 0.0)
    ends = [r["token_times"][-1] for r in requests if r["token_times"]]
    window = (max(ends) - min(r["arrival"] for r in requests)) if ends else 0
    return {
        "mean_ttft": sum(ttfts) / len(ttfts) if ttfts else 0,
        "mean_tpot": sum(tpots) / len(tpots) if tpots else 0,
        "max_e2e": max(e2es) if e2es else 0,
        "throughput": tokens / window if window > 0 else 0,
    }
