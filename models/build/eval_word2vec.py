"""Measures the exported Word2Vec model (staged word2vec/: vocab.json + the ONNX weight table, i.e. exactly
what the engine serves) and writes word2vec/quality.json next to it:
- nearest neighbours (cosine) of a few zh and en words;
- Spearman correlation between cosine and the hand-made ratings in word-similarity.tsv, per language.

Usage: /usr/bin/python3 models/build/eval_word2vec.py
"""
import json
import os

import numpy as np
import onnx
from onnx import numpy_helper

HERE = os.path.dirname(__file__)
MODELS = os.path.normpath(os.path.join(HERE, ".."))
OUT = os.path.join(os.environ.get("MODELS_STAGING", os.path.join(MODELS, ".cache", "staging")), "word2vec")
NEIGHBOUR_WORDS = ["computer", "water", "king", "red", "music", "river", "happy",
                   "软件", "网络", "用户", "文件", "山", "春", "皇帝", "酒"]


def ranks(values):
    order = np.argsort(values, kind="stable")
    r = np.empty(len(values))
    r[order] = np.arange(len(values))
    # average ranks of ties
    for v in np.unique(values):
        idx = np.where(values == v)[0]
        r[idx] = r[idx].mean()
    return r


def spearman(a, b):
    ra, rb = ranks(np.asarray(a, float)), ranks(np.asarray(b, float))
    return float(np.corrcoef(ra, rb)[0, 1])


def main():
    with open(os.path.join(OUT, "vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    table = numpy_helper.to_array(onnx.load(os.path.join(OUT, "onnx", "model.onnx")).graph.initializer[0])
    index = {w: i for i, w in enumerate(vocab)}
    norms = np.linalg.norm(table, axis=1)
    unit = table / np.maximum(norms, 1e-12)[:, None]

    neighbours = {}
    for word in NEIGHBOUR_WORDS:
        if word not in index:
            neighbours[word] = None
            continue
        sims = unit @ unit[index[word]]
        sims[index[word]] = -2
        sims[0] = -2
        top = np.argsort(-sims)[:10]
        neighbours[word] = [[vocab[i], round(float(sims[i]), 3)] for i in top]

    pairs = {"en": [], "zh": []}
    missing = []
    with open(os.path.join(HERE, "word-similarity.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            lang, a, b, rating = line.rstrip("\n").split("\t")
            if a in index and b in index:
                cos = float(unit[index[a]] @ unit[index[b]])
                pairs[lang].append((a, b, float(rating), cos))
            else:
                missing.append([a, b])
    similarity = {}
    for lang, rows in list(pairs.items()) + [("all", pairs["en"] + pairs["zh"])]:
        similarity[lang] = {"pairs": len(rows), "spearman": round(spearman([r[2] for r in rows], [r[3] for r in rows]), 4)}
    train_path = os.path.join(MODELS, ".cache", "word2vec-train.json")
    train = json.load(open(train_path)) if os.path.exists(train_path) else {}
    quality = {
        "model": "word2vec",
        "vocab_size": len(vocab),
        "dim": int(table.shape[1]),
        "similarity_set": "models/build/word-similarity.tsv (hand-made ratings 0-10)",
        "similarity_spearman": similarity,
        "pairs_not_in_vocab": missing,
        "pair_cosines": {lang: [[a, b, r, round(c, 3)] for a, b, r, c in rows] for lang, rows in pairs.items()},
        "nearest_neighbours": neighbours,
        **{k: train[k] for k in ["training_seconds", "corpus_sentences", "corpus_words", "hyper_parameters"] if k in train},
    }
    with open(os.path.join(OUT, "quality.json"), "w", encoding="utf-8") as f:
        json.dump(quality, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(json.dumps(similarity))
    for w, n in neighbours.items():
        print(w, n and " ".join(x for x, _ in n))


if __name__ == "__main__":
    main()
