# Wrong: window starts stop at len(inner) - window, so the tail of the text is dropped whenever the stride does not land exactly on it.
import math


def classify_long_text(text, window, stride, engine):
    cls, sep = engine.tokenize("bert-cls", "")["input_ids"]
    inner = []
    for part in text.split():
        inner += engine.tokenize("bert-cls", part)["input_ids"][1:-1]
    starts = range(0, max(len(inner) - window, 0) + 1, stride)
    rows = [[cls] + inner[s:s + window] + [sep] for s in starts]
    longest = max(len(r) for r in rows)
    batch = [r + [0] * (longest - len(r)) for r in rows]
    mask = [[1] * len(r) + [0] * (longest - len(r)) for r in rows]
    logits = engine.forward("bert-cls", {"input_ids": batch, "attention_mask": mask})["logits"]
    names = engine.labels("bert-cls")
    probs = [0.0] * len(names)
    for row in logits:
        top = max(row)
        exps = [math.exp(z - top) for z in row]
        for c, e in enumerate(exps):
            probs[c] += e / sum(exps) / len(logits)
    return {"label": names[probs.index(max(probs))], "probs": probs, "windows": len(rows)}
