"""Step 2b of the model build: trains gensim Word2Vec on models/.cache/w2v-sentences.txt (segmented by
lib/engine/word-tokenizer.ts) and exports word2vec/{config.json, vocab.json, onnx/model.onnx} into the staging folder
(models/.cache/staging; publish.mjs moves it into models/).

Deterministic: one worker thread, fixed seed, PYTHONHASHSEED=0 (set by build-all.sh).
Usage: PYTHONHASHSEED=0 /usr/bin/python3 models/build/train_word2vec.py [--epochs N]
"""
import argparse
import json
import os
import time

import numpy as np
import onnx
from gensim.models import Word2Vec
from onnx import TensorProto, helper, numpy_helper

MODELS = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
CACHE = os.path.join(MODELS, ".cache")
# Built files go to a staging folder first; publish.mjs copies them into models/ with the manifest,
# so the engine never sees new weights next to an old manifest.
OUT = os.path.join(os.environ.get("MODELS_STAGING", os.path.join(CACHE, "staging")), "word2vec")

HYPER = dict(vector_size=100, window=5, min_count=4, sg=1, negative=10, sample=1e-4,
             alpha=0.025, min_alpha=0.0001, seed=20261128, workers=1, max_vocab_size=None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args()
    if os.environ.get("PYTHONHASHSEED") != "0":
        raise SystemExit("set PYTHONHASHSEED=0 for a reproducible vocabulary order")

    with open(os.path.join(CACHE, "w2v-sentences.txt"), encoding="utf-8") as f:
        sentences = [line.split() for line in f if line.strip()]
    words = sum(len(s) for s in sentences)
    print(f"{len(sentences)} sentences, {words} words", flush=True)

    started = time.time()
    model = Word2Vec(sentences=sentences, epochs=args.epochs, **HYPER)
    seconds = time.time() - started
    print(f"trained in {seconds:.1f}s, vocab {len(model.wv.index_to_key)}", flush=True)
    model.save(os.path.join(CACHE, "word2vec.gensim"))

    # id 0 is [PAD] with a zero vector; gensim's order (by frequency) follows.
    vocab = ["[PAD]"] + list(model.wv.index_to_key)
    dim = HYPER["vector_size"]
    table = np.zeros((len(vocab), dim), dtype=np.float32)
    table[1:] = model.wv.vectors.astype(np.float32)

    os.makedirs(os.path.join(OUT, "onnx"), exist_ok=True)
    ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"])
    vectors = helper.make_tensor_value_info("vectors", TensorProto.FLOAT, ["batch", "sequence", dim])
    weights = numpy_helper.from_array(table, name="word_vectors")
    gather = helper.make_node("Gather", ["word_vectors", "input_ids"], ["vectors"], axis=0)
    graph = helper.make_graph([gather], "word2vec", [ids], [vectors], initializer=[weights])
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                                   producer_name="clockwise-models")
    onnx_model.ir_version = 8
    onnx.checker.check_model(onnx_model)
    onnx.save(onnx_model, os.path.join(OUT, "onnx", "model.onnx"))

    with open(os.path.join(OUT, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False, separators=(",", ":"))
    config = {
        "model_type": "word2vec",
        "dim": dim,
        "vocab_size": len(vocab),
        "lowercase": True,
        "normalization": "NFKC",
        "tokenizer": "jieba",
        "tokenizer_module": "lib/engine/word-tokenizer.ts",
        "pad_token": "[PAD]",
        "pad_token_id": 0,
        "max_length": 512,
        "inputs": {"input_ids": ["batch", "sequence"]},
        "outputs": {"vectors": ["batch", "sequence", dim]},
    }
    with open(os.path.join(OUT, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, ensure_ascii=False, indent=2)
        f.write("\n")
    train_info = {"hyper_parameters": {k: v for k, v in HYPER.items()} | {"epochs": args.epochs},
                  "corpus_sentences": len(sentences), "corpus_words": words,
                  "training_seconds": round(seconds, 1), "vocab_size": len(vocab)}
    with open(os.path.join(CACHE, "word2vec-train.json"), "w") as f:
        json.dump(train_info, f, indent=2)
    print(json.dumps(train_info), flush=True)


if __name__ == "__main__":
    main()
