# Wrong: averages the windows' logits and takes one softmax of the mean, instead of averaging each window's probabilities.
import math


def classify_long_text(text, window, stride, engine):
    cls, sep = engine.tokenize("bert-cls", "")["input_ids"]
    inner = []
    for part in text.split():
        inner += engine.tokenize("bert-cls", part)["input_ids"][1:-1]
    pieces, start = [], 0
    while True:
        pieces.append(inner[start:start + window])
        if start + window >= len(inner):
            break
        start += stride
    rows = [[cls] + piece + [sep] for piece in pieces]
    longest = max(len(r) for r in rows)
    batch = [r + [0] * (longest - len(r)) for r in rows]
    mask = [[1] * len(r) + [0] * (longest - len(r)) for r in rows]
    logits = engine.forward("bert-cls", {"input_ids": batch, "attention_mask": mask})["logits"]
    names = engine.labels("bert-cls")
    mean = [sum(row[c] for row in logits) / len(logits) for c in range(len(names))]
    top = max(mean)
    exps = [math.exp(z - top) for z in mean]
    probs = [e / sum(exps) for e in exps]
    return {"label": names[probs.index(max(probs))], "probs": probs, "windows": len(rows)}
