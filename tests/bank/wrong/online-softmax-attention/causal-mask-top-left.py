# Wrong: the causal mask is top-left aligned (key j <= query i), ignoring the n_k - n_q cached keys before the queries.
import math


def online_softmax_attention(q, k, v, block, causal, engine):
    n_q, n_k, d_v = len(q), len(k), len(v[0])
    scale = 1.0 / math.sqrt(len(q[0]))
    m = [-math.inf] * n_q
    l = [0.0] * n_q
    acc = [[0.0] * d_v for _ in range(n_q)]
    trace = []
    for start in range(0, n_k, block):
        for i in range(n_q):
            js = [j for j in range(start, min(start + block, n_k)) if not causal or j <= i]
            if not js:
                continue
            scores = [sum(a * b for a, b in zip(q[i], k[j])) * scale for j in js]
            new_m = max(m[i], max(scores))
            r = math.exp(m[i] - new_m)
            ws = [math.exp(s - new_m) for s in scores]
            l[i] = l[i] * r + sum(ws)
            acc[i] = [acc[i][c] * r + sum(w * v[j][c] for w, j in zip(ws, js)) for c in range(d_v)]
            m[i] = new_m
        trace.append({"m": list(m), "l": list(l)})
    return {"out": [[x / l[i] for x in acc[i]] for i in range(n_q)], "m": m, "l": l, "trace": trace}
