# Wrong: divides the range by 128, so the largest element maps to 128 and is clipped to 127.
import math


def _mean_vector(text, engine):
    info = engine.info("word2vec")
    ids = engine.tokenize("word2vec", text)["input_ids"]
    if not ids:
        return [0.0] * info["dim"]
    vectors = engine.forward("word2vec", {"input_ids": [ids]})["vectors"][0]
    return [sum(vec[k] for vec in vectors) / len(vectors) for k in range(info["dim"])]


def quantize_sentence(text, vector, engine):
    v = list(vector) if vector is not None else _mean_vector(text, engine)
    if not any(v):
        return {"q": [0] * len(v), "scale": 0.0, "max_error": 0.0}
    scale = max(abs(x) for x in v) / 128
    q = [max(-127, min(127, int(math.floor(abs(x / scale) + 0.5)) * (1 if x >= 0 else -1))) for x in v]
    return {"q": q, "scale": scale, "max_error": max(abs(x - qi * scale) for x, qi in zip(v, q))}
