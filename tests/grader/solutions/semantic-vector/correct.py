import math


def llm_inference(text, engine):
    encoded = engine.tokenize("word2vec", text)
    ids = encoded["input_ids"]
    info = engine.info("word2vec")
    dim, chunk = info["dim"], info["max_length"]
    if not ids:
        return [0.0] * dim
    # One forward row takes at most max_length ids: chunk long texts, average over every word.
    total = [0.0] * dim
    for start in range(0, len(ids), chunk):
        for v in engine.forward("word2vec", {"input_ids": [ids[start:start + chunk]]})["vectors"][0]:
            for j in range(dim):
                total[j] += v[j]
    mean = [x / len(ids) for x in total]
    norm = math.sqrt(sum(x * x for x in mean))
    return [x / norm for x in mean] if norm > 0 else mean
