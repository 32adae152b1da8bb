# Wrong: replaces masked scores with -1e9 and softmaxes over every key, so a row with no allowed key averages all values instead of giving zeros.
import math


def attention(q, k, v, key_mask, causal, engine):
    tq, tk = len(q), len(k)
    dv = len(v[0]) if v else 0
    out = []
    for i, query in enumerate(q):
        scale = math.sqrt(len(query))
        scores = []
        for j in range(tk):
            allowed = key_mask[j] and (not causal or j <= tk - tq + i)
            scores.append(sum(a * b for a, b in zip(query, k[j])) / scale if allowed else -1e9)
        top = max(scores)
        weights = [math.exp(s - top) for s in scores]
        total = sum(weights)
        out.append([sum(w / total * v[j][c] for j, w in enumerate(weights)) for c in range(dv)])
    return out
