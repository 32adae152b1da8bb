# Wrong: divides the scores by d instead of sqrt(d), which flattens the attention distribution.
import math


def attention(q, k, v, key_mask, causal, engine):
    tq, tk = len(q), len(k)
    dv = len(v[0]) if v else 0
    out = []
    for i, query in enumerate(q):
        allowed = [j for j in range(tk) if key_mask[j] and (not causal or j <= tk - tq + i)]
        if not allowed:
            out.append([0.0] * dv)
            continue
        scores = [sum(a * b for a, b in zip(query, k[j])) / len(query) for j in allowed]
        top = max(scores)
        weights = [math.exp(s - top) for s in scores]
        total = sum(weights)
        out.append([sum(w / total * v[j][c] for w, j in zip(weights, allowed)) for c in range(dv)])
    return out
