# Wrong: sorts (score, index) pairs with reverse=True, so tied documents come out with the higher index first.
import math


def _sentence_vector(text, engine):
    dim = engine.info("word2vec")["dim"]
    ids = engine.tokenize("word2vec", text)["input_ids"]
    if not ids:
        return [0.0] * dim
    vectors = engine.forward("word2vec", {"input_ids": [ids]})["vectors"][0]
    return [sum(v[k] for v in vectors) / len(vectors) for k in range(dim)]


def _cosine(a, b):
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(x * x for x in b))
    if na == 0 or nb == 0:
        return 0.0
    return sum(x * y for x, y in zip(a, b)) / (na * nb)


def top_k_documents(query, docs, k, engine):
    q = _sentence_vector(query, engine)
    scores = [_cosine(q, _sentence_vector(doc, engine)) for doc in docs]
    ranked = sorted(((score, i) for i, score in enumerate(scores)), reverse=True)[:k]
    return {"indices": [i for _, i in ranked], "scores": [score for score, _ in ranked]}
