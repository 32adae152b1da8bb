# Wrong: L2-normalises every word vector before averaging, which changes the sentence direction (frequent, short-norm words weigh as much as the rest).
import math


def _sentence_vector(text, engine):
    dim = engine.info("word2vec")["dim"]
    ids = engine.tokenize("word2vec", text)["input_ids"]
    if not ids:
        return [0.0] * dim
    vectors = engine.forward("word2vec", {"input_ids": [ids]})["vectors"][0]
    units = []
    for v in vectors:
        n = math.sqrt(sum(x * x for x in v)) or 1.0
        units.append([x / n for x in v])
    return [sum(u[k] for u in units) / len(units) for k in range(dim)]


def _cosine(a, b):
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(x * x for x in b))
    if na == 0 or nb == 0:
        return 0.0
    return sum(x * y for x, y in zip(a, b)) / (na * nb)


def top_k_documents(query, docs, k, engine):
    q = _sentence_vector(query, engine)
    scores = [_cosine(q, _sentence_vector(doc, engine)) for doc in docs]
    order = sorted(range(len(docs)), key=lambda i: (-scores[i], i))[:k]
    return {"indices": order, "scores": [scores[i] for i in order]}
