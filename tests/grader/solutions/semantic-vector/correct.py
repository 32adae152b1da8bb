import math


def llm_inference(text, engine):
    encoded = engine.tokenize("word2vec", text)
    ids = encoded["input_ids"]
    dim = engine.info("word2vec")["dim"]
    if not ids:
        return [0.0] * dim
    vectors = engine.forward("word2vec", {"input_ids": [ids]})["vectors"][0]
    mean = [sum(v[j] for v in vectors) / len(vectors) for j in range(dim)]
    norm = math.sqrt(sum(x * x for x in mean))
    return [x / norm for x in mean] if norm > 0 else mean
