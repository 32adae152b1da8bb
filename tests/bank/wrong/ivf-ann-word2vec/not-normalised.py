# Mistake: indexes the raw mean vectors without L2 normalisation, so Euclidean k-means and dot-product ranking no longer agree with cosine.
import math


def _unit_vectors(texts, engine):
    """One L2-normalised mean Word2Vec vector per text, or None when it has no in-vocabulary token."""
    limit = engine.info("word2vec")["max_length"]
    ids_per_text = [engine.tokenize("word2vec", t)["input_ids"] for t in texts]
    flat = [i for ids in ids_per_text for i in ids]
    vectors = []
    for start in range(0, len(flat), limit):
        vectors.extend(engine.forward("word2vec", {"input_ids": [flat[start:start + limit]]})["vectors"][0])
    out, pos = [], 0
    for ids in ids_per_text:
        rows = vectors[pos:pos + len(ids)]
        pos += len(ids)
        if not rows:
            out.append(None)
            continue
        mean = [sum(col) / len(rows) for col in zip(*rows)]
        norm = math.sqrt(sum(x * x for x in mean))
        out.append(mean if norm > 0 else None)
    return out


def _dist2(a, b):
    return sum((x - y) ** 2 for x, y in zip(a, b))


def _dot(a, b):
    return sum(x * y for x, y in zip(a, b))


def _nearest(vector, centroids):
    best, best_d = 0, None
    for c, centroid in enumerate(centroids):
        d = _dist2(vector, centroid)
        if best_d is None or d < best_d:
            best, best_d = c, d
    return best


def _top_k(query, candidates, vectors, k):
    return sorted(candidates, key=lambda i: (-_dot(query, vectors[i]), i))[:k]


def ivf_search(words, queries, n_lists, n_probe, k, iterations, engine):
    vectors = _unit_vectors(words, engine)
    indexed = [i for i, v in enumerate(vectors) if v is not None]
    centroids = []
    for i in indexed:
        if len(centroids) == n_lists:
            break
        if all(vectors[i] != c for c in centroids):
            centroids.append(list(vectors[i]))
    for _ in range(iterations):
        members = [[] for _ in centroids]
        for i in indexed:
            members[_nearest(vectors[i], centroids)].append(i)
        for c, group in enumerate(members):
            if group:
                centroids[c] = [sum(vectors[i][d] for i in group) / len(group) for d in range(len(centroids[c]))]
    lists = [[] for _ in centroids]
    for i in indexed:
        lists[_nearest(vectors[i], centroids)].append(i)
    query_vectors = _unit_vectors(queries, engine)
    ids, exact = [], []
    hits = total = 0
    for q in query_vectors:
        if q is None:
            ids.append([])
            exact.append([])
            continue
        order = sorted(range(len(centroids)), key=lambda c: (_dist2(q, centroids[c]), c))[:n_probe]
        candidates = [i for c in order for i in lists[c]]
        approx = _top_k(q, candidates, vectors, k)
        truth = _top_k(q, indexed, vectors, k)
        ids.append(approx)
        exact.append(truth)
        hits += len(set(approx) & set(truth))
        total += len(truth)
    return {
        "ids": ids,
        "exact": exact,
        "list_sizes": [len(members) for members in lists],
        "recall": hits / total if total else 1.0,
    }
