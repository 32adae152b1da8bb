# Wrong: decode steps take the position after appending (cache length + 1), so every decoded token gets the next position vector.
import math


def decode_with_kv_cache(model, prompt, new_tokens, engine):
    embed, pos, layers = model["embed"], model["pos"], model["layers"]
    d = len(embed[0])
    caches = [{"k": [], "v": []} for _ in layers]

    def times(x, w):
        return [sum(x[i] * w[i][j] for i in range(len(x))) for j in range(len(w[0]))]

    def feed(token, position):
        h = [a + b for a, b in zip(embed[token], pos[position])]
        for layer, cache in zip(layers, caches):
            q = times(h, layer["wq"])
            cache["k"].append(times(h, layer["wk"]))
            cache["v"].append(times(h, layer["wv"]))
            scores = [sum(a * b for a, b in zip(q, k)) / math.sqrt(d) for k in cache["k"]]
            top = max(scores)
            weights = [math.exp(s - top) for s in scores]
            total = sum(weights)
            mixed = [sum(w * v[j] for w, v in zip(weights, cache["v"])) / total for j in range(d)]
            h = [a + b for a, b in zip(h, times(mixed, layer["wo"]))]
        return [sum(a * b for a, b in zip(h, row)) for row in embed]

    if new_tokens == 0:
        return {"tokens": [], "logits": []}
    for position, token in enumerate(prompt):
        logits = feed(token, position)
    tokens, history = [], []
    for step in range(new_tokens):
        best = max(range(len(logits)), key=lambda i: (logits[i], -i))
        tokens.append(best)
        history.append(logits)
        if step + 1 < new_tokens:
            logits = feed(best, len(prompt) + step + 1)
    return {"tokens": tokens, "logits": history}
