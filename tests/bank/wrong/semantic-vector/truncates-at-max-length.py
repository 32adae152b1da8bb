# Wrong: asks tokenize for at most max_length ids and makes one forward call, so a long text is averaged over its first 512 words only.
import math


def llm_inference(text, engine):
    info = engine.info("word2vec")
    dim = info["dim"]
    ids = engine.tokenize("word2vec", text, max_length=info["max_length"])["input_ids"]
    if not ids:
        return [0.0] * dim
    vectors = engine.forward("word2vec", {"input_ids": [ids]})["vectors"][0]
    mean = [sum(v[k] for v in vectors) / len(vectors) for k in range(dim)]
    norm = math.sqrt(sum(x * x for x in mean))
    return [x / norm for x in mean] if norm > 0 else [0.0] * dim
