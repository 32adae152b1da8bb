# Wrong: uses Python's built-in round, which rounds exact halves to even (round(2.5) == 2, round(0.5) == 0).
def _mean_vector(text, engine):
    info = engine.info("word2vec")
    ids = engine.tokenize("word2vec", text)["input_ids"]
    if not ids:
        return [0.0] * info["dim"]
    vectors = engine.forward("word2vec", {"input_ids": [ids]})["vectors"][0]
    return [sum(vec[k] for vec in vectors) / len(vectors) for k in range(info["dim"])]


def quantize_sentence(text, vector, engine):
    v = list(vector) if vector is not None else _mean_vector(text, engine)
    scale = max((abs(x) for x in v), default=0.0) / 127
    if scale == 0:
        return {"q": [0] * len(v), "scale": 0.0, "max_error": 0.0}
    q = [max(-127, min(127, int(round(x / scale)))) for x in v]
    return {"q": q, "scale": scale, "max_error": max(abs(x - qi * scale) for x, qi in zip(v, q))}
