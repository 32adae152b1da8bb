# Mistake: uses the GPT-NeoX rotate_half convention (pairs component i with i + d/2) instead of the specified adjacent pairs (2i, 2i+1).
import math


def _rotate(x, position, b):
    d = len(x)
    half = d // 2
    out = [0.0] * d
    for i in range(half):
        angle = position * b ** (-2 * i / d)
        c, s = math.cos(angle), math.sin(angle)
        out[i] = x[i] * c - x[i + half] * s
        out[i + half] = x[i] * s + x[i + half] * c
    return out


def rope_scores(q, k, pairs, base, scaling, engine):
    d = len(q)
    b = base
    stretch = 1.0
    if scaling["type"] == "linear":
        stretch = scaling["factor"]
    elif scaling["type"] == "ntk":
        b = base * scaling["factor"] ** (d / (d - 2))
    q_rot, k_rot, scores = [], [], []
    for m, n in pairs:
        qr, kr = _rotate(q, m / stretch, b), _rotate(k, n / stretch, b)
        q_rot.append(qr)
        k_rot.append(kr)
        scores.append(sum(a * c for a, c in zip(qr, kr)))
    return {"q_rot": q_rot, "k_rot": k_rot, "scores": scores}
