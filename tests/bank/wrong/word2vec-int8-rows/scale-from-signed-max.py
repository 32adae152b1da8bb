# Mistake: takes the scale from the largest signed value, max(row) / 127, so a row whose largest magnitude is negative gets clamped.
import math


def _round_away(v):
    return math.floor(v + 0.5) if v >= 0 else -math.floor(-v + 0.5)


def _cosine(a, b):
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(x * x for x in b))
    if na == 0 or nb == 0:
        return 0.0
    return sum(x * y for x, y in zip(a, b)) / (na * nb)


def _neighbours(rows, k):
    result = []
    for i, row in enumerate(rows):
        others = [j for j in range(len(rows)) if j != i]
        sims = {j: _cosine(row, rows[j]) for j in others}
        result.append(sorted(others, key=lambda j: (-sims[j], j))[:k])
    return result


def int8_rows(words, extra_rows, k, engine):
    kept, rows = [], []
    for text in words:
        ids = engine.tokenize("word2vec", text)["input_ids"]
        if not ids:
            continue
        vectors = engine.forward("word2vec", {"input_ids": [ids]})["vectors"][0]
        kept.append(text)
        rows.append([sum(col) / len(vectors) for col in zip(*vectors)])
    rows.extend([list(r) for r in extra_rows])
    quantised, scales, restored, cosines = [], [], [], []
    for row in rows:
        top = max(row, default=0.0)
        scale = top / 127
        if scale == 0:
            q = [0] * len(row)
        else:
            q = [max(-127, min(127, _round_away(x / scale))) for x in row]
        back = [v * scale for v in q]
        quantised.append(q)
        scales.append(scale)
        restored.append(back)
        cosines.append(1.0 if top == 0 else _cosine(row, back))
    before, after = _neighbours(rows, k), _neighbours(restored, k)
    hits = sum(len(set(a) & set(b)) for a, b in zip(before, after))
    total = sum(len(a) for a in before)
    return {
        "kept": kept,
        "q": quantised,
        "scales": scales,
        "mean_cosine": sum(cosines) / len(cosines) if cosines else 1.0,
        "recall": hits / total if total else 1.0,
    }
