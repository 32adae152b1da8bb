# Wrong: the prefill lets every prompt position attend to the whole prompt (no causal mask), so deeper layers cache wrong K/V.
import math


def decode_with_kv_cache(model, prompt, new_tokens, engine):
    embed, pos, layers = model["embed"], model["pos"], model["layers"]
    d = len(embed[0])
    caches = [{"k": [], "v": []} for _ in layers]

    def times(x, w):
        return [sum(x[i] * w[i][j] for i in range(len(x))) for j in range(len(w[0]))]

    def attend(q, keys, values):
        scores = [sum(a * b for a, b in zip(q, k)) / math.sqrt(d) for k in keys]
        top = max(scores)
        w = [math.exp(s - top) for s in scores]
        total = sum(w)
        return [sum(wi * v[j] for wi, v in zip(w, values)) / total for j in range(d)]

    def prefill():
        hs = [[a + b for a, b in zip(embed[t], pos[p])] for p, t in enumerate(prompt)]
        for layer, cache in zip(layers, caches):
            ks = [times(h, layer["wk"]) for h in hs]
            vs = [times(h, layer["wv"]) for h in hs]
            cache["k"].extend(ks)
            cache["v"].extend(vs)
            hs = [[a + b for a, b in zip(h, times(attend(times(h, layer["wq"]), ks, vs), layer["wo"]))] for h in hs]
        return [sum(a * b for a, b in zip(hs[-1], row)) for row in embed]

    def step(token, position):
        h = [a + b for a, b in zip(embed[token], pos[position])]
        for layer, cache in zip(layers, caches):
            cache["k"].append(times(h, layer["wk"]))
            cache["v"].append(times(h, layer["wv"]))
            h = [a + b for a, b in zip(h, times(attend(times(h, layer["wq"]), cache["k"], cache["v"]), layer["wo"]))]
        return [sum(a * b for a, b in zip(h, row)) for row in embed]

    if new_tokens == 0:
        return {"tokens": [], "logits": []}
    logits = prefill()
    tokens, history = [], []
    while True:
        best = logits.index(max(logits))
        tokens.append(best)
        history.append(logits)
        if len(tokens) == new_tokens:
            return {"tokens": tokens, "logits": history}
        logits = step(best, len(caches[0]["k"]))
