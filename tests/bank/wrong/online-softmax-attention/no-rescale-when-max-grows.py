# Wrong: when the running maximum grows, the old l and accumulator are not rescaled by exp(m_old - m_new).
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
            js = [j for j in range(start, min(start + block, n_k)) if not causal or j <= i + n_k - n_q]
            if not js:
                continue
            scores = [sum(a * b for a, b in zip(q[i], k[j])) * scale for j in js]
            m[i] = max(m[i], max(scores))
            for j, s in zip(js, scores):
                w = math.exp(s - m[i])
                l[i] += w
                for c in range(d_v):
                    acc[i][c] += w * v[j][c]
        trace.append({"m": list(m), "l": list(l)})
    return {"out": [[x / l[i] for x in acc[i]] for i in range(n_q)], "m": m, "l": l, "trace": trace}
