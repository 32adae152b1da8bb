# Mistake: rotates by -angle (the sin terms have the wrong signs), i.e. the transpose of the RoPE rotation.
import math


def _rotate(x, position, b):
    d = len(x)
    out = [0.0] * d
    for i in range(d // 2):
        angle = position * b ** (-2 * i / d)
        c, s = math.cos(angle), math.sin(angle)
        out[2 * i] = x[2 * i] * c + x[2 * i + 1] * s
        out[2 * i + 1] = -x[2 * i] * s + x[2 * i + 1] * c
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
